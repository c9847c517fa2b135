// Authorization matrix: attendance settings editors (考勤设置, issue 14 item 3): calendar, shifts, groups, rosters.
// HR/admin only; a manager has the console but gets the forbidden card (page) or 403 (API); employees have no console.
// HR/admin rows send preview: true (the save rolled back: nothing is kept) or an invalid body (400 after the role
// check, nothing written), so the shared server's data is untouched.
import { byRole, type RouteRule } from "./types";

const denied = { anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden" } as const;
const page = (file: string, path: string): RouteRule => ({
  file,
  path,
  expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
  note: "managers: the forbidden card (HR/admin only)",
});
const shift = { name: "矩阵班", kind: "fixed", sections: [{ start: 540, end: 1080 }], graceMinutes: 5, earlyLeaveGraceMinutes: 0 };
const group = { name: "矩阵组", priority: 0, defaultShiftId: null, schedule: "roster", members: [], places: [], wifi: [], fieldAllowed: false };

export const routes: RouteRule[] = [
  page("app/console/attendance/settings/calendar/page.tsx", "/console/attendance/settings/calendar"),
  page("app/console/attendance/settings/shifts/page.tsx", "/console/attendance/settings/shifts"),
  page("app/console/attendance/settings/groups/page.tsx", "/console/attendance/settings/groups"),
  page("app/console/attendance/settings/rosters/page.tsx", "/console/attendance/settings/rosters"),
  {
    file: "app/api/attendance/settings/calendar/route.ts",
    method: "POST",
    path: "/api/attendance/settings/calendar",
    data: { date: "2001-05-08", dayType: "in_lieu_rest", preview: true },
    expect: byRole({ ...denied, hr: "ok", admin: "ok" }),
    note: "a preview (rolled back): nothing kept",
  },
  {
    file: "app/api/attendance/settings/calendar/route.ts",
    method: "POST",
    path: "/api/attendance/settings/calendar",
    data: { date: "2001-05-08", dayType: "holiday" },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "an unknown day type: 400 after the role check, nothing written",
  },
  {
    file: "app/api/attendance/settings/shifts/route.ts",
    method: "POST",
    path: "/api/attendance/settings/shifts",
    data: { ...shift, preview: true },
    expect: byRole({ ...denied, hr: "ok", admin: "ok" }),
    note: "a preview (rolled back): no shift is created",
  },
  {
    file: "app/api/attendance/settings/shifts/[id]/route.ts",
    method: "PUT",
    path: "/api/attendance/settings/shifts/1",
    data: { ...shift, kind: "night" },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "a night shift that does not cross midnight: 400, nothing written",
  },
  {
    file: "app/api/attendance/settings/groups/route.ts",
    method: "POST",
    path: "/api/attendance/settings/groups",
    data: { ...group, preview: true },
    expect: byRole({ ...denied, hr: "ok", admin: "ok" }),
    note: "a preview (rolled back): no group is created",
  },
  {
    file: "app/api/attendance/settings/groups/[id]/route.ts",
    method: "PUT",
    path: "/api/attendance/settings/groups/1",
    data: { ...group, wifi: [{ ssid: "x", bssid: "not-a-bssid" }] },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "a malformed BSSID: 400, nothing written",
  },
  {
    file: "app/api/attendance/settings/shifts/[id]/route.ts",
    method: "DELETE",
    path: "/api/attendance/settings/shifts/999999999?preview=1",
    expect: byRole({ ...denied, hr: "notfound", admin: "notfound" }),
    note: "a preview delete of an unknown shift: 404 after the role check, nothing written",
  },
  {
    file: "app/api/attendance/settings/groups/[id]/route.ts",
    method: "DELETE",
    path: "/api/attendance/settings/groups/1?preview=maybe",
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "a malformed preview flag: 400 after the role check, nothing deleted",
  },
  {
    file: "app/api/attendance/settings/rosters/route.ts",
    method: "PUT",
    path: "/api/attendance/settings/rosters",
    data: { groupId: 1, cells: [] },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "no cells: 400, nothing written",
  },
];
