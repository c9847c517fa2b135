// Authorization matrix: the DingTalk ↔ WeCom attendance bridge (考勤互通, issue 13 item 5). HR and admins read it;
// only admins change the direction; a manager has the console but gets the forbidden card (page) or 403 (API).
import { byRole, type RouteRule } from "./types";

const API = "app/api/attendance/bridge/route.ts";
const denied = { anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", organiser: "forbidden" } as const;
/** today in China (the demo's ORG_TIMEZONE, Asia/Shanghai) */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const routes: RouteRule[] = [
  {
    file: "app/console/attendance/bridge/page.tsx",
    path: "/console/attendance/bridge",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "managers: the forbidden card (admins and HR only)",
  },
  { file: API, path: "/api/attendance/bridge", expect: byRole({ ...denied, hr: "ok", admin: "ok" }) },
  {
    file: API,
    method: "PUT",
    path: "/api/attendance/bridge",
    data: () => ({ mode: "off", from: today() }),
    expect: byRole({ ...denied, hr: "forbidden", admin: "ok" }),
    note: "off from today: queues nothing",
  },
  {
    file: API,
    method: "PUT",
    path: "/api/attendance/bridge",
    data: () => ({ mode: "sideways", from: today() }),
    expect: byRole({ ...denied, hr: "forbidden", admin: "rejected" }),
    note: "an unknown mode: 400 after the role check, nothing written",
  },
];
