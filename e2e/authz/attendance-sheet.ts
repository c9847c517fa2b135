// Authorization matrix: HR's monthly attendance sheet (考勤月报, issue 14 item 3). HR/admin see everyone; managers
// their led subtrees (a cell of someone outside them is a 404, as on the people pages); employees have no console.
import { byRole, type RouteRule } from "./types";

const page = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const api = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const EXPORT = "app/api/attendance/sheet/export/route.ts";
const CELL = "app/api/attendance/sheet/cell/route.ts";
// Payroll periods (封账): reading the state is the sheet's readers'; writing is HR's and admins'.
const PERIOD = "app/api/attendance/period/route.ts";
const LOCK = "app/api/attendance/period/lock/route.ts";
const REOPEN = "app/api/attendance/period/reopen/route.ts";
const SETTINGS = "app/api/attendance/period/settings/route.ts";
const write = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden", hr: "ok", admin: "ok" });
const writeRejected = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden", hr: "rejected", admin: "rejected" });

export const routes: RouteRule[] = [
  { file: "app/console/attendance/sheet/page.tsx", path: "/console/attendance/sheet", expect: page, note: "managers: their subtrees' people only" },
  { file: "app/console/attendance/sheet/page.tsx", path: "/console/attendance/sheet?month=2026-13", expect: page, note: "a bad month renders the page's error card (no data)" },
  { file: EXPORT, path: "/api/attendance/sheet/export?format=csv", expect: api, note: "managers: their subtrees' rows" },
  { file: EXPORT, path: "/api/attendance/sheet/export?format=xlsx&month=2026-11", expect: api },
  {
    file: EXPORT,
    path: "/api/attendance/sheet/export?format=csv&month=2026-13",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
    note: "bad month: 400 with the reason, after the role check",
  },
  {
    file: CELL,
    path: (c) => `/api/attendance/sheet/cell?employee=${c.managersReport}&date=2026-11-02`,
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "an indirect report of `manager`: another subtree's manager gets 404",
  },
  {
    file: CELL,
    path: "/api/attendance/sheet/cell?employee=1&date=2026-02-30",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
  },
  { file: PERIOD, path: "/api/attendance/period?month=2001-01", expect: api, note: "managers: the late evidence of their subtrees only" },
  {
    file: PERIOD,
    path: "/api/attendance/period?month=2001-13",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
  },
  { file: LOCK, method: "POST", path: "/api/attendance/period/lock", data: { month: "2001-01" }, expect: write, note: "a period in 2001 nobody reads; a second lock is a no-op" },
  { file: LOCK, method: "POST", path: "/api/attendance/period/lock", data: { month: "2001-13" }, expect: writeRejected, note: "bad month: 400 after the role check" },
  {
    file: REOPEN,
    method: "POST",
    path: "/api/attendance/period/reopen",
    data: { month: "2001-01", reason: "authorization matrix" },
    expect: write,
    note: "the 2001 period; reopening an open period is a no-op",
  },
  { file: REOPEN, method: "POST", path: "/api/attendance/period/reopen", data: { month: "2001-01" }, expect: writeRejected, note: "no reason: 400, nothing written" },
  { file: SETTINGS, method: "PUT", path: "/api/attendance/period/settings", data: { startDay: 1 }, expect: write, note: "the default start day again: changes nothing" },
  { file: SETTINGS, method: "PUT", path: "/api/attendance/period/settings", data: { startDay: 29 }, expect: writeRejected, note: "out of range: 400" },
];
