// Authorization matrix: 组织同步 (org sync runs and "sync now"): HR and admins only; others see the forbidden state.
import { byRole, type RouteRule } from "./types";

const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [{ file: "app/console/org/page.tsx", path: "/console/org", expect: hrOnly }];
