// Authorization matrix: the meeting edit screens (mobile and PC), HR leave entry and notification delivery.
// Sample meeting 1 is the seed's "技术中心周例会": only its organiser (`organiser`) and HR/admin may edit it; everyone
// else gets the same 404 as for a meeting that does not exist. The writes are server actions: saveMeetingEdit
// (editMeeting → canManageMeeting), enterLeaveAction (HR/admin), searchEmployeesAction (console, scoped).
import { demoPeople } from "../fixtures";
import { byRole, ROLES, type ActionRule, type Outcome, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  {
    file: "app/(workbench)/meetings/[id]/edit/page.tsx",
    path: "/meetings/1/edit",
    expect: byRole({ anonymous: "login", employee: "notfound", manager: "notfound", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "organiser or HR/admin only",
  },
  {
    file: "app/console/meetings/[id]/edit/page.tsx",
    path: "/console/meetings/1/edit",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "employees have no console; managers who do not organise meeting 1 get 404",
  },
  {
    file: "app/console/leaves/page.tsx",
    path: "/console/leaves",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }),
    note: "managers see their subtree's leaves read-only; only HR/admin get the entry form",
  },
  {
    file: "app/console/notifications/page.tsx",
    path: "/console/notifications",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "HR/admin only (data-testid=forbidden for managers)",
  },
];

/** {ok:true,…} or {ok:false,message}: the refusal for a role is told apart from bad input by its message. */
const answered = (forbiddenMessage: RegExp) => (body: string): Outcome =>
  /"ok":true/.test(body) ? "ok" : forbiddenMessage.test(body) ? "forbidden" : /not found/.test(body) ? "notfound" : "rejected";

const outsider = demoPeople().outsider; // 上海销售一组: in otherManager's subtree only

/** A leave in 2001 (no meeting then), a different hour per role and per run: nothing overlaps, nothing recomputes. */
const leaveAt = (role: (typeof ROLES)[number]) => {
  const base = Date.UTC(2001, 0, 1) + (Math.floor(Date.now() / 3_600_000) % 800) * 36_000_000 + ROLES.indexOf(role) * 3_600_000;
  return { startsAt: new Date(base).toISOString(), endsAt: new Date(base + 1_800_000).toISOString() };
};

export const actions: ActionRule[] = [
  {
    action: "app/console/meetings/[id]/edit/actions.ts#saveMeetingEdit",
    page: "/console/meetings/1/edit",
    args: [{ id: 1, patch: {}, addEmployeeNos: [], removeEmployeeIds: [] }],
    result: answered(/only the organiser or HR/),
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "an empty edit: the organiser and HR save it (nothing changes); everyone else is refused",
  },
  {
    action: "app/console/leaves/actions.ts#enterLeaveAction",
    page: "/console/leaves",
    args: (c, role) => [{ employeeId: c.ids.employee, ...leaveAt(role), reason: "权限矩阵（2001 年，无会议）" }],
    result: answered(/only HR can enter leave/),
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "HR/admin enter a half-hour leave in 2001 (no meetings then)",
  },
  {
    action: "app/console/leaves/actions.ts#searchEmployeesAction",
    page: "/console/leaves",
    args: [outsider.employeeNo],
    result: (body) => (body.includes(`"employeeNo":"${outsider.employeeNo}"`) ? "ok" : "notfound"),
    expect: byRole({ anonymous: "login", employee: "notfound", manager: "notfound", otherManager: "ok", hr: "ok", admin: "ok" }),
    note: "scoped: an employee has no console (empty answer), managers find their subtrees only",
  },
];
