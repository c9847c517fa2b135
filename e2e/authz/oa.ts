// Authorization matrix: OA sync console (sync health: HR reads, admins act; API keys: admins only; API docs:
// HR/admin), the pull API (API keys only: a session opens nothing → 401 for every role), its public OpenAPI
// document, and the meeting-platform simulators used by reconciliation (Tencent Meeting: X-TC signature; Zoom:
// S2S OAuth bearer; WeCom meeting events; simulator mode only).
import { byRole, type RouteRule } from "./types";

const hrOrAdmin = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });
const adminOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/console/sync/page.tsx", path: "/console/sync", expect: hrOrAdmin, note: "retry/skip/reconcile buttons only for admins" },
  { file: "app/console/api-keys/page.tsx", path: "/console/api-keys", expect: adminOnly },
  { file: "app/console/api-docs/page.tsx", path: "/console/api-docs", expect: hrOrAdmin },

  { file: "app/api/v1/meetings/route.ts", path: "/api/v1/meetings", expect: "unauthorized", note: "API key only; a session cookie is not a key" },
  { file: "app/api/v1/meeting-attendance/route.ts", path: "/api/v1/meeting-attendance", expect: "unauthorized" },
  { file: "app/api/v1/employees/route.ts", path: "/api/v1/employees", expect: "unauthorized" },
  { file: "app/api/v1/openapi.json/route.ts", path: "/api/v1/openapi.json", expect: "ok", note: "describes the API, holds no data" },

  { file: "app/api/sim/tencent-meeting/[...path]/route.ts", path: "/api/sim/tencent-meeting/v1/meetings/tm-1/participants?userid=x", expect: "unauthorized", note: "unsigned REST call" },
  { file: "app/api/sim/tencent-meeting/[...path]/route.ts", path: "/api/sim/tencent-meeting/events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
  // Zoom and WeCom meeting simulators (reconciliation): token/bearer required; control endpoints validate input.
  { file: "app/api/sim/zoom/oauth/token/route.ts", path: "/api/sim/zoom/oauth/token", method: "POST", data: {}, expect: "rejected", note: "no grant_type: no token issued" },
  { file: "app/api/sim/zoom/v2/[...path]/route.ts", path: "/api/sim/zoom/v2/report/meetings/85000000000/participants", expect: "unauthorized", note: "no bearer token" },
  { file: "app/api/sim/zoom/events/route.ts", path: "/api/sim/zoom/events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
  { file: "app/api/sim/wecom/meeting-events/route.ts", path: "/api/sim/wecom/meeting-events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
];
