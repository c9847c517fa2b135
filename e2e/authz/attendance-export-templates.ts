// Authorization matrix: export templates (导出模板, issue 14 item 3) and the detail export (考勤明细). Templates are
// kept by HR/admin (a manager has the console but gets the forbidden card or 403); exporting with one, and the
// detail export, are the sheet's readers' (managers: their subtrees' rows). No row writes anything: the writes an
// allowed role makes are an invalid body (400) or an unknown template (404).
import { byRole, type RouteRule } from "./types";

const LIST = "app/api/attendance/export-templates/route.ts";
const ONE = "app/api/attendance/export-templates/[id]/route.ts";
const DETAIL = "app/api/attendance/detail/export/route.ts";
const SHEET = "app/api/attendance/sheet/export/route.ts";
const valid = { name: "authz", kind: "sheet", columns: [{ key: "employeeNo", header: "员工编号" }] };
const denied = { anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden" } as const;
const readers = { anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" } as const;

export const routes: RouteRule[] = [
  {
    file: "app/console/attendance/sheet/templates/page.tsx",
    path: "/console/attendance/sheet/templates",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "managers: the forbidden card (HR/admin only)",
  },
  { file: LIST, path: "/api/attendance/export-templates", expect: byRole({ ...denied, hr: "ok", admin: "ok" }) },
  {
    file: LIST,
    method: "POST",
    path: "/api/attendance/export-templates",
    data: { ...valid, columns: [{ key: "salary", header: "" }] },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "an unknown column: 400 after the role check, nothing written",
  },
  {
    file: ONE,
    method: "PUT",
    path: "/api/attendance/export-templates/99999999",
    data: valid,
    expect: byRole({ ...denied, hr: "notfound", admin: "notfound" }),
    note: "no such template: 404, nothing written",
  },
  {
    file: ONE,
    method: "PUT",
    path: "/api/attendance/export-templates/99999999",
    data: { ...valid, name: "" },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "an empty name: 400",
  },
  { file: ONE, method: "DELETE", path: "/api/attendance/export-templates/99999999", expect: byRole({ ...denied, hr: "notfound", admin: "notfound" }), note: "no such template: 404" },
  {
    file: SHEET,
    path: "/api/attendance/sheet/export?format=csv&month=2026-11&template=99999999",
    expect: byRole({ ...readers, manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
    note: "an unknown template: 404 with the reason, never a 500",
  },
  { file: DETAIL, path: "/api/attendance/detail/export?format=csv&month=2026-11", expect: byRole(readers), note: "managers: their subtrees' person-days" },
  {
    file: DETAIL,
    path: "/api/attendance/detail/export?format=xlsx&month=2026-13",
    expect: byRole({ ...readers, manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
    note: "bad month: 400 after the role check",
  },
  {
    file: DETAIL,
    path: "/api/attendance/detail/export?format=csv&template=99999999",
    expect: byRole({ ...readers, manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
    note: "an unknown template: 404",
  },
];
