// Authorization matrix: importing DingTalk/WeCom punch-record files (issue 13 item 1 "Files"). HR/admin only; a
// manager has the console but gets the forbidden card (page) or 403 (API); employees have no console.
import { byRole, type RouteRule } from "./types";

const API = "app/api/attendance/import/route.ts";
// A file nobody in the demo matches (工号 MATRIX-0): a preview writes nothing, and even an apply would queue nothing.
const file = { file: { name: "matrix.csv", mimeType: "text/csv", buffer: Buffer.from("钉钉 原始记录\n姓名,工号,UserId,考勤日期,打卡时间\n权限矩阵,MATRIX-0,matrix-0,2001-01-02,09:00\n") } };

export const routes: RouteRule[] = [
  {
    file: "app/console/attendance/import/page.tsx",
    path: "/console/attendance/import",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "managers: the forbidden card (HR/admin only)",
  },
  {
    file: API,
    path: "/api/attendance/import?mode=preview",
    method: "POST",
    multipart: file,
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "a preview: nothing is written",
  },
  {
    file: API,
    path: "/api/attendance/import?mode=apply",
    method: "POST",
    multipart: file,
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "the one row matches nobody: nothing is queued (an audit row only)",
  },
  {
    file: API,
    path: "/api/attendance/import?mode=preview&vendor=feishu",
    method: "POST",
    multipart: file,
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "rejected", admin: "rejected" }),
    note: "an unknown vendor: 400 after the role check",
  },
];
