// Authorization matrix: HR's approval rules (/console/approval-rules). HR and admins read and save; everyone else is
// refused. The save rows send the defaults (3 per period, 30 days back, no cut-off, every exception; OA items
// chased every 24 h twice then HR, quiet 22:00–08:00): for an allowed role nothing changes ("unchanged"). The flow
// editor's save edits a flow that does not exist.
import { byRole, type ActionRule, type RouteRule } from "./types";

const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

const hrOnlyNotFound = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "notfound", admin: "notfound" });

export const routes: RouteRule[] = [
  { file: "app/console/approval-rules/page.tsx", path: "/console/approval-rules", expect: hrOnly },
  { file: "app/console/approval-rules/flows/[id]/page.tsx", path: "/console/approval-rules/flows/new", expect: hrOnly, note: "the empty editor; /flows/<id> edits one" },
];

export const actions: ActionRule[] = [
  {
    action: "app/console/approval-rules/actions.ts#saveCorrectionCapsAction",
    page: "/console/approval-rules",
    form: { maxPerPeriod: "3", daysBack: "30", cutOffDay: "0", correctable_missing: "on", correctable_late: "on", correctable_early_leave: "on", correctable_absent: "on" },
    expect: hrOnly,
    note: "the defaults again: nothing changes for HR/admin",
  },
  {
    action: "app/console/approval-rules/actions.ts#saveApprovalTimeoutAction",
    page: "/console/approval-rules",
    form: { oaEnabled: "on", oaHours: "24", oaRemindMax: "2", escalate_hr: "on", quietStart: "22:00", quietEnd: "08:00" },
    expect: hrOnly,
    note: "the defaults again: nothing changes for HR/admin",
  },
  {
    action: "app/console/approval-rules/actions.ts#saveOvertimeModeAction",
    page: "/console/approval-rules",
    form: { mode: "punches" },
    expect: hrOnly,
    note: "the default overtime mode (by punches) again: nothing changes or recomputes for HR/admin",
  },

  {
    action: "app/console/approval-rules/actions.ts#saveFlowAction",
    page: "/console/approval-rules/flows/99999999",
    form: { id: "99999999", name: "矩阵", kind: "leave", priority: "500", step0_type: "leader", step0_mode: "single" },
    expect: hrOnlyNotFound,
    note: "a valid edit of flow 99999999, which does not exist: 404 for HR/admin, nothing written",
  },
];
