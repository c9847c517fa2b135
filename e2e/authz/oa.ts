// Authorization matrix: OA sync console (sync health: HR reads, admins act; API keys: admins only; API docs:
// HR/admin), the pull API (API keys only: a session opens nothing → 401 for every role), its public OpenAPI
// document, and the meeting-platform simulators used by reconciliation (Tencent Meeting: X-TC signature; Zoom:
// S2S OAuth bearer; WeCom meeting events; simulator mode only).
import { byRole, type ActionRule, type RouteRule } from "./types";

const hrOrAdmin = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });
const adminOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/console/sync/page.tsx", path: "/console/sync", expect: hrOrAdmin, note: "retry/skip/reconcile buttons only for admins" },
  { file: "app/console/api-keys/page.tsx", path: "/console/api-keys", expect: adminOnly },
  { file: "app/console/api-docs/page.tsx", path: "/console/api-docs", expect: hrOrAdmin },

  { file: "app/api/v1/meetings/route.ts", path: "/api/v1/meetings", expect: "unauthorized", note: "API key only; a session cookie is not a key" },
  { file: "app/api/v1/meeting-attendance/route.ts", path: "/api/v1/meeting-attendance", expect: "unauthorized" },
  { file: "app/api/v1/employees/route.ts", path: "/api/v1/employees", expect: "unauthorized" },
  { file: "app/api/v1/attendance-days/route.ts", path: "/api/v1/attendance-days", expect: "unauthorized", note: "API key (attendance_days:read) only" },
  { file: "app/api/v1/punches/route.ts", path: "/api/v1/punches", expect: "unauthorized", note: "GET: API key (punches:read) only" },
  {
    file: "app/api/v1/punches/route.ts",
    path: "/api/v1/punches",
    method: "POST",
    data: { punches: [{ employee_no: "QD00001", time: "2026-01-05T09:00:00+08:00", device_id: "matrix", record_id: "matrix-1" }] },
    expect: "unauthorized",
    note: "API key (punches:write) only; a session cookie is not a key",
  },
  { file: "app/api/v1/openapi.json/route.ts", path: "/api/v1/openapi.json", expect: "ok", note: "describes the API, holds no data" },

  { file: "app/api/sim/tencent-meeting/[...path]/route.ts", path: "/api/sim/tencent-meeting/v1/meetings/tm-1/participants?userid=x", expect: "unauthorized", note: "unsigned REST call" },
  { file: "app/api/sim/tencent-meeting/[...path]/route.ts", path: "/api/sim/tencent-meeting/events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
  {
    file: "app/api/sim/tencent-meeting/[...path]/route.ts",
    path: "/api/sim/tencent-meeting/v1/meetings/tm-matrix/invitees",
    method: "PUT",
    data: { userid: "x", instanceid: 1, invitees: [] },
    expect: "unauthorized",
    note: "unsigned REST call: the invitee list is not overwritten",
  },
  // Zoom and WeCom meeting simulators (reconciliation): token/bearer required; control endpoints validate input.
  { file: "app/api/sim/zoom/oauth/token/route.ts", path: "/api/sim/zoom/oauth/token", method: "POST", data: {}, expect: "rejected", note: "no grant_type: no token issued" },
  { file: "app/api/sim/zoom/v2/[...path]/route.ts", path: "/api/sim/zoom/v2/report/meetings/85000000000/participants", expect: "unauthorized", note: "no bearer token" },
  { file: "app/api/sim/zoom/events/route.ts", path: "/api/sim/zoom/events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
  { file: "app/api/sim/wecom/meeting-events/route.ts", path: "/api/sim/wecom/meeting-events", method: "POST", data: {}, expect: "rejected", note: "control endpoint: invalid event, nothing recorded" },
];

const adminActs = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "notfound" });

/** createApiKeyAction answers with a state ({key, prefix} or {error}), not a redirect. */
const keyState = (body: string) => (/"key":"[^"]{16,}"/.test(body) && /"prefix":"/.test(body) ? "ok" : /"error":"forbidden"/.test(body) ? "forbidden" : "rejected");

export const actions: ActionRule[] = [
  // OA sync dead letters and reconciliation: admins act (HR reads the page). No such dead letter / meeting → no-op.
  { action: "app/console/sync/actions.ts#retryDeadLetterAction", page: "/console/sync", form: { id: "99999999" }, expect: adminActs },
  { action: "app/console/sync/actions.ts#skipDeadLetterAction", page: "/console/sync", form: { id: "99999999" }, expect: adminActs },
  {
    action: "app/console/sync/actions.ts#reconcileNowAction",
    page: "/console/sync",
    form: { source: "zoom", meetingId: "99999999" },
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "ok" }),
    note: "HR sees the page but the action refuses them itself (not only the hidden button); the admin's run for a meeting that does not exist adds nothing",
  },
  // API keys: admins only. The admin's key is real (named so, read-only scope) — harmless: nobody uses it.
  {
    action: "app/console/api-keys/actions.ts#createApiKeyAction",
    page: "/console/api-keys",
    args: [{}, { $form: { name: "权限矩阵（可删除）", scopes: ["meetings:read"] } }],
    result: keyState,
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "ok" }),
  },
  { action: "app/console/api-keys/actions.ts#revokeApiKeyAction", page: "/console/api-keys", form: { id: "99999999" }, expect: adminActs },
];
