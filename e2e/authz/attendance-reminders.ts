// Authorization matrix: per-group chat reminder settings (打卡提醒, issue 14 item 4). HR/admin only; a manager has the
// console but gets the forbidden card (page) or 403 (API); employees have no console.
import { byRole, type RouteRule } from "./types";

const API = "app/api/attendance/groups/[id]/reminders/route.ts";
const defaults = { enabled: true, punchInAfterMinutes: 10, punchOut: true, missingNextMorning: true, missingAt: "09:30", monthSummary: true, quietStart: "22:00", quietEnd: "08:00" };
const denied = { anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden" } as const;

export const routes: RouteRule[] = [
  {
    file: "app/console/attendance/reminders/page.tsx",
    path: "/console/attendance/reminders",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "managers: the forbidden card (HR/admin only)",
  },
  {
    file: API,
    method: "PUT",
    path: "/api/attendance/groups/1/reminders",
    data: defaults,
    expect: byRole({ ...denied, hr: "ok", admin: "ok" }),
    note: "the demo's first group, its default settings again: changes nothing",
  },
  {
    file: API,
    method: "PUT",
    path: "/api/attendance/groups/1/reminders",
    data: { ...defaults, quietStart: "24:00" },
    expect: byRole({ ...denied, hr: "rejected", admin: "rejected" }),
    note: "a time out of range: 400 after the role check, nothing written",
  },
  {
    file: API,
    method: "PUT",
    path: "/api/attendance/groups/999999999/reminders",
    data: defaults,
    expect: byRole({ ...denied, hr: "notfound", admin: "notfound" }),
    note: "no such group: 404",
  },
];
