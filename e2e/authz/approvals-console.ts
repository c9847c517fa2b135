// Authorization matrix: 审批管理 (issue 15 items 5 and 7) — the console's approval list, one item's path with step
// timings, the efficiency dashboard and the audit log export. HR/admin see every item, a manager the items of people
// in the departments they lead (a department filter outside them is a 404), employees have no console (the layout's
// redirect; the export answers 403). The item row uses an id nobody has: 404 for every console role (no probing).
// On the phone, 批量同意 is open to everyone signed in: the id used does not exist, so every role gets
// ?batch=<id>.not_found back and nothing is written.
import { byRole, signedIn, type ActionRule, type RouteRule } from "./types";

const page = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const missing = byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" });
const PAGE = "app/console/approvals/page.tsx";
const ITEM = "app/console/approvals/[id]/page.tsx";
const DASHBOARD = "app/console/approvals/dashboard/page.tsx";
const EXPORT = "app/console/approvals/export/route.ts";

export const routes: RouteRule[] = [
  { file: PAGE, path: "/console/approvals", expect: page, note: "managers: their subtrees' applicants only" },
  { file: PAGE, path: "/console/approvals?status=open&source=oa&overdue=1&from=2026-11-01&to=2026-11-30", expect: page },
  { file: PAGE, path: "/console/approvals?status=nope", expect: page, note: "a bad filter renders the page's error card (no data)" },
  { file: PAGE, path: "/console/approvals?department=999999999", expect: missing, note: "no such department: the console's not-found page" },
  { file: ITEM, path: "/console/approvals/99999999", expect: missing, note: "no such item: the same 404 as an item outside the viewer's scope" },
  { file: DASHBOARD, path: "/console/approvals/dashboard", expect: page, note: "the last 8 weeks; managers: their subtrees" },
  { file: DASHBOARD, path: "/console/approvals/dashboard?department=999999999", expect: missing },
  {
    file: EXPORT,
    path: "/console/approvals/export?format=csv",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }),
    note: "the audit log of the items the viewer may see",
  },
  {
    file: EXPORT,
    path: "/console/approvals/export?format=xlsx&from=2026-13-01",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
    note: "bad date: 400 with the reason, after the role check",
  },
];

export const actions: ActionRule[] = [
  {
    action: "app/(workbench)/todos/actions.ts#batchAgreeAction",
    page: "/todos",
    form: { item: "99999999" },
    expect: signedIn("ok"),
    note: "anyone signed in agrees to their own simple items; no such item → its result is not_found, nothing written",
  },
];
