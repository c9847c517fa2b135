// Authorization matrix: 组织同步 (org sync runs, "sync now", held syncs): HR and admins only; others see the forbidden
// state. Actions: "sync now" queues a real sync against the simulator for HR/admin (idempotent: the simulator's
// directory is what the org already holds); a held sync that does not exist (99999999) makes confirm/discard a no-op.
import { byRole, type ActionRule, type RouteRule } from "./types";

const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });
const hrOnlyNoSuchHold = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "notfound", admin: "notfound" });

export const routes: RouteRule[] = [{ file: "app/console/org/page.tsx", path: "/console/org", expect: hrOnly }];

export const actions: ActionRule[] = [
  { action: "app/console/org/actions.ts#syncNowAction", page: "/console/org", form: { source: "wecom" }, expect: hrOnly, note: "HR/admin queue one sync (singleton per vendor)" },
  { action: "app/console/org/actions.ts#confirmHoldAction", page: "/console/org", form: { holdId: "99999999" }, expect: hrOnlyNoSuchHold },
  { action: "app/console/org/actions.ts#discardHoldAction", page: "/console/org", form: { holdId: "99999999" }, expect: hrOnlyNoSuchHold },
];
