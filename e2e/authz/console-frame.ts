// Authorization matrix: the console's catch-all. An unknown console URL answers 404 inside the console frame for
// anyone who has a console; employees without one are sent back to the workbench, anonymous callers to sign in.
import { byRole, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  {
    file: "app/console/[...missing]/page.tsx",
    path: "/console/no-such-page/at-all",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "notfound", admin: "notfound" }),
  },
];
