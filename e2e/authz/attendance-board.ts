// Authorization matrix: the manager's live attendance board (issue 14 item 2) — the workbench 团队考勤 page, the
// console 考勤看板, and its API (snapshot, SSE, 提醒未打卡). Managers read the subtrees they lead, HR and admins
// everyone; employees who lead nothing are refused. The remind row sends a department that does not exist (404
// after the role check), so no nudge is queued by the matrix.
import { byRole, type RouteRule } from "./types";

const leads = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const api = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const apiMissingDept = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" });

export const routes: RouteRule[] = [
  { file: "app/(workbench)/attendance/team/page.tsx", path: "/attendance/team", expect: leads, note: "employees see the 'no team' state (data-testid=forbidden)" },
  { file: "app/console/attendance/board/page.tsx", path: "/console/attendance/board", expect: leads },
  { file: "app/api/attendance/board/route.ts", path: "/api/attendance/board", expect: api },
  { file: "app/api/attendance/board/route.ts", path: "/api/attendance/board?department=999999999", expect: apiMissingDept, note: "a department outside the scope (here: none) is not found" },
  { file: "app/api/attendance/board/live/route.ts", path: "/api/attendance/board/live", expect: api, note: "without Accept: text/event-stream: one snapshot" },
  {
    file: "app/api/attendance/board/remind/route.ts",
    path: "/api/attendance/board/remind",
    method: "POST",
    data: { department: 999999999 },
    expect: apiMissingDept,
    note: "a department nobody can see: refused after the role check, nothing queued",
  },
];
