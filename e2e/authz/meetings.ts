// Authorization matrix: meetings and check-in (workbench pages, console meeting pages and reports, the meetings
// API). Sample meeting 1 is the seed's "技术中心周例会" (a week ago): invited are the technology centre (D1xx),
// which holds `employee` and `manager`; `otherManager` (上海销售一组) has nobody in it; the organiser is
// `organiser` (a D120 leader), so only they and HR/admin manage it. Write rows send valid bodies (the role check is
// what refuses); what an allowed role writes is harmless: a mark for an employee id that does not exist (404 after
// the role check), an import preview (nothing written), a leave in 2001, a meeting in 2031 without invitees.
import { demoPeople } from "../fixtures";
import { byRole, signedIn, type MatrixContext, type RouteRule } from "./types";

const people = demoPeople();

const invitedView = byRole({ anonymous: "login", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const manageOnly = byRole({ anonymous: "login", employee: "notfound", manager: "notfound", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" });
const apiInvited = byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiManage = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" });
const apiScoped = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiConsole = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const consolePage = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const consoleMeeting = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/(workbench)/meetings/page.tsx", path: "/meetings", expect: signedIn("ok"), note: "own meetings only" },
  { file: "app/(workbench)/meetings/new/page.tsx", path: "/meetings/new", expect: signedIn("ok") },
  { file: "app/(workbench)/meetings/scan/page.tsx", path: "/meetings/scan", expect: signedIn("ok") },
  { file: "app/(workbench)/meetings/[id]/page.tsx", path: "/meetings/1", expect: invitedView, note: "live view only for organiser/HR" },
  { file: "app/(workbench)/meetings/[id]/qr/page.tsx", path: "/meetings/1/qr", expect: manageOnly },
  { file: "app/(workbench)/checkin/page.tsx", path: "/checkin?m=1", expect: signedIn("ok"), note: "shows the meeting; checking in is the POST" },

  {
    file: "app/api/checkin/route.ts",
    path: "/api/checkin",
    method: "POST",
    data: { method: "qr", meetingId: 1, code: "matrix-not-a-code" },
    expect: byRole({ anonymous: "unauthorized", employee: "rejected", manager: "rejected", otherManager: "rejected", organiser: "rejected", hr: "rejected", admin: "rejected" }),
    note: "meeting 1 ended a week ago: the closed window is told before the invitation is checked; nothing written",
  },
  {
    file: "app/api/checkout/route.ts",
    path: "/api/checkout",
    method: "POST",
    data: { method: "qr", meetingId: 1, code: "matrix-not-a-code" },
    expect: byRole({ anonymous: "unauthorized", employee: "rejected", manager: "rejected", otherManager: "rejected", organiser: "rejected", hr: "rejected", admin: "rejected" }),
    note: "meeting 1 requires no check-out (签退): refused before anything else; nothing written",
  },
  {
    file: "app/api/meetings/series/route.ts",
    path: "/api/meetings/series",
    method: "POST",
    data: { title: "权限矩阵系列（可忽略）", startsAt: "2031-02-03T02:00:00Z", endsAt: "2031-02-03T03:00:00Z", inviteeIds: [], departmentIds: [], remindBeforeMinutes: 0, nudgeAfterMinutes: 0, frequency: "weekly", count: 2 },
    expect: signedIn("ok", "unauthorized"),
    note: "everyone signed in may organise a series: two meetings in 2031 without invitees (seen only by their organiser and HR)",
  },
  {
    file: "app/api/meetings/series/[id]/route.ts",
    path: "/api/meetings/series/99999999",
    expect: signedIn("notfound", "unauthorized"),
    note: "a series that does not exist; who sees an existing one: lib/meetings/series.test.ts",
  },
  {
    file: "app/api/meetings/series/[id]/route.ts",
    path: "/api/meetings/series/99999999",
    method: "PATCH",
    data: { patch: { title: "权限矩阵" } },
    expect: signedIn("notfound", "unauthorized"),
    note: "a series that does not exist: nothing written; only its organiser and HR may edit one (lib/meetings/series.test.ts)",
  },
  {
    file: "app/console/meetings/series/[id]/page.tsx",
    path: "/console/meetings/series/99999999",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
    note: "console frame first (employees are sent away), then a series that does not exist",
  },
  { file: "app/api/meetings/route.ts", path: "/api/meetings", expect: byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }) },
  {
    file: "app/api/meetings/route.ts",
    path: "/api/meetings",
    method: "POST",
    data: { title: "权限矩阵（可忽略）", startsAt: "2031-01-06T02:00:00Z", endsAt: "2031-01-06T03:00:00Z", inviteeIds: [], departmentIds: [], remindBeforeMinutes: 0, nudgeAfterMinutes: 0 },
    expect: signedIn("ok", "unauthorized"),
    note: "everyone signed in may organise: a meeting in 2031 without invitees (seen only by its organiser and HR)",
  },
  { file: "app/api/meetings/[id]/route.ts", path: "/api/meetings/1", expect: apiInvited },
  {
    file: "app/api/meetings/[id]/route.ts",
    path: "/api/meetings/1",
    method: "PATCH",
    data: { title: "技术中心周例会" },
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "the title it already has: allowed roles change nothing (writes answer 403 to everyone who does not manage it)",
  },
  { file: "app/api/meetings/[id]/qr/route.ts", path: "/api/meetings/1/qr", expect: apiManage },
  { file: "app/api/meetings/[id]/live/route.ts", path: "/api/meetings/1/live", expect: apiManage },
  { file: "app/api/meetings/[id]/attendance/route.ts", path: "/api/meetings/1/attendance", expect: apiScoped },
  { file: "app/api/meetings/[id]/export/route.ts", path: "/api/meetings/1/export?format=csv", expect: apiScoped },
  {
    file: "app/api/meetings/[id]/marks/route.ts",
    path: "/api/meetings/1/marks",
    method: "POST",
    data: { employeeId: 99_999_999, status: "absent", reason: "权限矩阵" },
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "notfound", hr: "notfound", admin: "notfound" }),
    note: "a valid mark for an employee id that does not exist: refused by role, else 404 (nothing written). Marks for people outside the meeting the organiser cannot see: lib/meetings/mutations.test.ts",
  },
  {
    file: "app/api/meetings/[id]/import/route.ts",
    path: "/api/meetings/1/import?mode=preview",
    method: "POST",
    multipart: { file: { name: "matrix.csv", mimeType: "text/csv", buffer: Buffer.from("用户名称,入会时间,退会时间\n权限矩阵,2026-01-05 10:00:00,2026-01-05 10:30:00\n") } },
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "a preview: nothing is written",
  },
  { file: "app/api/meetings/reports/export/route.ts", path: "/api/meetings/reports/export?from=2026-01-01&to=2026-01-02&format=csv", expect: apiConsole },
  {
    file: "app/api/meetings/unmatched/claim/route.ts",
    path: "/api/meetings/unmatched/claim",
    method: "POST",
    data: (c: MatrixContext) => ({ unmatchedId: 99_999_999, employeeId: c.ids.employee }),
    expect: byRole({ anonymous: "unauthorized", employee: "notfound", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
    note: "who may claim depends on the participant's meeting (its organiser, HR); none exists here, so everyone gets 404 and nothing is written",
  },
  {
    file: "app/api/meetings/leaves/route.ts",
    path: "/api/meetings/leaves",
    method: "POST",
    data: (c: MatrixContext) => ({ employeeId: c.ids.employee, startsAt: "2001-02-01T01:00:00Z", endsAt: "2001-02-01T01:30:00Z", reason: "权限矩阵（2001 年，无会议）" }),
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "HR/admin only: a half-hour leave in 2001 (an overlap with an earlier run is merged or refused alike)",
  },
  { file: "app/api/meetings/reports/departments/route.ts", path: "/api/meetings/reports/departments?from=2026-01-01&to=2026-01-02", expect: apiConsole, note: "each manager their own departments" },
  { file: "app/api/meetings/reports/people/route.ts", path: "/api/meetings/reports/people?from=2026-01-01&to=2026-01-02", expect: apiConsole },
  {
    file: "app/api/meetings/reports/people/[id]/route.ts",
    path: "/api/meetings/reports/people/1?from=2026-01-01&to=2026-01-02",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "ok", admin: "ok" }),
    note: "person 1 works at the company root: outside both managers' departments",
  },
  {
    file: "app/api/meetings/[id]/adopt/route.ts",
    path: "/api/meetings/1/adopt",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "notfound", organiser: "rejected", hr: "rejected", admin: "rejected" }),
    note: "meeting 1 was created in the app: those who manage it are told to edit it instead",
  },
  {
    file: "app/api/meetings/[id]/adopt/route.ts",
    path: "/api/meetings/1/adopt",
    method: "POST",
    data: { inviteeIds: [], employeeNos: [], lateAfterMinutes: 5, earlyLeaveMinutes: 5 },
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "notfound", organiser: "rejected", hr: "rejected", admin: "rejected" }),
    note: "a valid body: the role check refuses; for HR the app-created meeting is refused, nothing written",
  },
  {
    file: "app/api/meetings/people/route.ts",
    path: () => `/api/meetings/people?no=${people.employee.employeeNo}`,
    expect: byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "`employee` (themselves) is in manager's subtree and invited to the organiser's meeting 1; another department's manager gets the answer for an unknown number",
  },
  {
    file: "app/api/meetings/people/route.ts",
    path: () => `/api/meetings/people?no=${people.outsider.employeeNo}`,
    expect: byRole({ anonymous: "unauthorized", employee: "notfound", manager: "notfound", otherManager: "ok", organiser: "notfound", hr: "ok", admin: "ok" }),
    note: "someone of 上海销售一组: only their manager and HR resolve the number; for everyone else it is an unknown number",
  },

  { file: "app/console/meetings/page.tsx", path: "/console/meetings", expect: consolePage },
  { file: "app/console/meetings/[id]/page.tsx", path: "/console/meetings/1", expect: consoleMeeting },
  { file: "app/console/reports/page.tsx", path: "/console/reports", expect: consolePage },
];

routes.push(
  { file: "app/api/meetings/reports/route.ts", path: "/api/meetings/reports?from=2026-01-01&to=2026-01-02", expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }) },
  { file: "app/api/meetings/[id]/report/route.ts", path: "/api/meetings/1/report", expect: byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" }), note: "an invited employee sees only the meetings they organise or manage in the counts (scope applies to rows)" },
);
