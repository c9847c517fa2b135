// Authorization matrix: console report downloads (GET /api/exports/<report>, lib/exports/reports.ts). Each follows
// its page: people, meetings, unmatched participants and leaves for HR and managers (scoped rows); identity conflicts, OA sync,
// the integrations inbox and notification delivery for HR and admins only. Bad filters are a 400 (after the role check).
import { byRole, type RouteRule } from "./types";

const FILE = "app/api/exports/[report]/route.ts";
const console_ = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const hrOnly = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  { file: FILE, path: "/api/exports/people?format=csv", expect: console_, note: "managers get their subtrees' people" },
  { file: FILE, path: "/api/exports/people?status=all&q=QD&format=xlsx", expect: console_ },
  { file: FILE, path: "/api/exports/meetings?format=xlsx", expect: console_, note: "managers: meetings they organise or with invitees in their subtrees" },
  { file: FILE, path: "/api/exports/unmatched?format=csv", expect: console_, note: "non-HR: their own meetings' participants" },
  { file: FILE, path: "/api/exports/leaves?format=csv", expect: console_, note: "managers: their subtrees' leaves" },
  { file: FILE, path: "/api/exports/identity-conflicts?status=open&format=csv", expect: hrOnly },
  { file: FILE, path: "/api/exports/sync-outbox?status=dead&format=csv", expect: hrOnly },
  { file: FILE, path: "/api/exports/sync-runs?format=xlsx", expect: hrOnly },
  { file: FILE, path: "/api/exports/inbox?source=wecom&format=csv", expect: hrOnly, note: "payloads masked, no raw body" },
  { file: FILE, path: "/api/exports/notifications?days=30&format=csv", expect: hrOnly, note: "recipients masked" },
  {
    file: FILE,
    path: "/api/exports/inbox?source=nope&format=csv",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "rejected", admin: "rejected" }),
    note: "bad filter → 400 with a reason",
  },
  {
    file: FILE,
    path: "/api/exports/people?format=pdf",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
  },
  { file: FILE, path: "/api/exports/nope?format=csv", expect: byRole({ anonymous: "unauthorized", employee: "notfound", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }) },
];
