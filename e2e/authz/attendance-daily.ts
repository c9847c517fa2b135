// Authorization matrix: the daily attendance report (考勤日报) and the monthly trends (考勤趋势), issue 14 item 3. HR/admin see everyone; managers their
// led subtrees (a department filter outside them is a 404); employees have no console.
import { byRole, type RouteRule } from "./types";

const page = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const api = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const EXPORT = "app/api/attendance/daily/export/route.ts";
const PAGE = "app/console/attendance/daily/page.tsx";
const TRENDS = "app/console/attendance/trends/page.tsx";
const missingDept = byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" });

export const routes: RouteRule[] = [
  { file: PAGE, path: "/console/attendance/daily", expect: page, note: "today; managers: their subtrees' people only" },
  { file: PAGE, path: "/console/attendance/daily?date=2026-11-02", expect: page },
  { file: PAGE, path: "/console/attendance/daily?date=2026-02-30", expect: page, note: "a bad date renders the page's error card (no data)" },
  { file: PAGE, path: "/console/attendance/daily?department=999999999", expect: missingDept, note: "no such department: the console's not-found page" },
  { file: EXPORT, path: "/api/attendance/daily/export?format=csv", expect: api, note: "managers: their subtrees' rows" },
  { file: EXPORT, path: "/api/attendance/daily/export?format=xlsx&date=2026-11-02", expect: api },
  {
    file: EXPORT,
    path: "/api/attendance/daily/export?format=csv&date=2026-13-01",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" }),
    note: "bad date: 400 with the reason, after the role check",
  },
  {
    file: EXPORT,
    path: "/api/attendance/daily/export?format=csv&department=999999999",
    expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
    note: "a department nobody may see: 404",
  },
  // 考勤趋势: the same readers; months selectable (at most 24), a department outside the scope is a 404.
  { file: TRENDS, path: "/console/attendance/trends", expect: page, note: "the last 6 months; managers: their subtrees" },
  { file: TRENDS, path: "/console/attendance/trends?from=2026-01&to=2026-12", expect: page },
  { file: TRENDS, path: "/console/attendance/trends?from=2026-13", expect: page, note: "a bad month renders the page's error card (no data)" },
  { file: TRENDS, path: "/console/attendance/trends?department=999999999", expect: missingDept },
];
