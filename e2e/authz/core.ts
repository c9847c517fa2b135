// Authorization matrix: sign-in, identity and people console, shell pages, health/metrics, vendor callbacks and
// webhooks (verification before anything: 401 for everyone without a valid signature), and the vendor simulator
// (public in simulator mode; the e2e server runs with no vendor credentials).
import { demoPeople } from "../fixtures";
import { byRole, signedIn, type ActionRule, type RouteRule } from "./types";

const consoleManagers = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  // --- shell pages
  { file: "app/(workbench)/page.tsx", path: "/", expect: signedIn("ok") },
  { file: "app/(workbench)/attendance/page.tsx", path: "/attendance", expect: signedIn("ok") },
  {
    file: "app/api/attendance/punch/route.ts",
    path: "/api/attendance/punch",
    method: "POST",
    data: {},
    expect: signedIn("rejected", "unauthorized"),
    note: "everyone signed in punches for themselves only (the viewer is the puncher); an empty body writes nothing",
  },
  { file: "app/(workbench)/me/page.tsx", path: "/me", expect: signedIn("ok") },
  { file: "app/(workbench)/todos/page.tsx", path: "/todos", expect: signedIn("ok") },
  { file: "app/console/page.tsx", path: "/console", expect: consoleManagers },

  // --- sign-in
  { file: "app/login/page.tsx", path: "/login", expect: signedIn("redirect", "ok"), note: "signed in → straight on" },
  { file: "app/login/signout/page.tsx", path: "/login/signout", expect: "ok" },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/signout", expect: "redirect", note: "Auth.js hands over to /login/signout" },
  { file: "app/login/refused/page.tsx", path: "/login/refused?reason=departed&ref=QD-2345-6789", expect: "ok" },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/session", expect: "ok", note: "null for anonymous" },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/csrf", expect: "ok" },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/providers", expect: "ok" },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    path: "/api/auth/signout",
    method: "POST",
    data: { callbackUrl: "/" },
    expect: "login",
    note: "no CSRF token: Auth.js refuses to sign anyone out (MissingCSRF → its error page, /login); the sessions stay (later rows still pass as each role)",
  },
  { file: "app/api/auth/wecom/start/route.ts", path: "/api/auth/wecom/start?flow=oauth", expect: "redirect" },
  { file: "app/api/auth/wecom/start/route.ts", path: "/api/auth/wecom/start?flow=qr", expect: "redirect" },
  { file: "app/api/auth/wecom/callback/route.ts", path: "/api/auth/wecom/callback?code=x&state=forged", expect: "refused" },
  { file: "app/api/auth/dingtalk/start/route.ts", path: "/api/auth/dingtalk/start", expect: "redirect" },
  { file: "app/api/auth/dingtalk/start/route.ts", path: "/api/auth/dingtalk/start", method: "POST", data: { next: "/" }, expect: "ok" },
  { file: "app/api/auth/dingtalk/callback/route.ts", path: "/api/auth/dingtalk/callback?authCode=x&state=forged", expect: "refused" },
  { file: "app/api/auth/dingtalk/inapp/route.ts", path: "/api/auth/dingtalk/inapp", method: "POST", data: {}, expect: "rejected" },

  // --- identity and people console
  { file: "app/console/identity/page.tsx", path: "/console/identity", expect: hrOnly },
  { file: "app/console/settings/page.tsx", path: "/console/settings", expect: hrOnly },
  { file: "app/console/people/page.tsx", path: "/console/people", expect: consoleManagers, note: "managers see their subtrees only" },
  {
    file: "app/console/people/[id]/page.tsx",
    path: (c) => `/console/people/${c.managersReport}`,
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "notfound", organiser: "ok", hr: "ok", admin: "ok" }),
    note: "an indirect report of `manager`: another department's manager gets 404 (the organiser also leads in 技术中心 and sees them)",
  },

  // --- operations
  { file: "app/api/health/route.ts", path: "/api/health", expect: "ok" },
  { file: "app/api/metrics/route.ts", path: "/api/metrics", expect: "ok", note: "Prometheus scrape: counts only, no personal data" },
  { file: "app/api/locale/route.ts", path: "/api/locale", method: "POST", data: { locale: "zh-CN" }, expect: "ok" },

  // --- JS-SDK configuration: signed-in users, for pages of this app only
  { file: "app/api/jssdk/wecom/route.ts", path: (c) => `/api/jssdk/wecom?url=${encodeURIComponent(`${c.origin}/checkin?x=1`)}`, expect: signedIn("ok", "unauthorized") },
  { file: "app/api/jssdk/wecom/route.ts", path: "/api/jssdk/wecom?url=https%3A%2F%2Fevil.example%2F", expect: signedIn("rejected", "unauthorized") },
  { file: "app/api/jssdk/dingtalk/route.ts", path: (c) => `/api/jssdk/dingtalk?url=${encodeURIComponent(`${c.origin}/checkin`)}`, expect: signedIn("ok", "unauthorized") },
  { file: "app/api/jssdk/dingtalk/route.ts", path: "/api/jssdk/dingtalk?url=https%3A%2F%2Fevil.example%2F", expect: signedIn("rejected", "unauthorized") },

  // --- vendor callbacks and webhooks: unsigned requests are refused for everyone, sessions change nothing
  { file: "app/api/callbacks/wecom/route.ts", path: "/api/callbacks/wecom?msg_signature=x&timestamp=1&nonce=n&echostr=e", expect: "unauthorized" },
  { file: "app/api/callbacks/wecom/route.ts", path: "/api/callbacks/wecom?msg_signature=x&timestamp=1&nonce=n", method: "POST", data: "<xml></xml>", expect: "unauthorized" },
  { file: "app/api/callbacks/dingtalk/route.ts", path: "/api/callbacks/dingtalk?msg_signature=x&timestamp=1&nonce=n", method: "POST", data: { encrypt: "x" }, expect: "unauthorized" },
  { file: "app/api/webhooks/tencent-meeting/route.ts", path: "/api/webhooks/tencent-meeting?check_str=x", expect: "rejected" },
  { file: "app/api/webhooks/tencent-meeting/route.ts", path: "/api/webhooks/tencent-meeting", method: "POST", data: { data: "x" }, expect: "rejected" },
  { file: "app/api/webhooks/zoom/route.ts", path: "/api/webhooks/zoom", method: "POST", data: { event: "x" }, expect: "rejected" },
  { file: "app/api/webhooks/agora/route.ts", path: "/api/webhooks/agora", method: "POST", data: { noticeId: "x" }, expect: "unauthorized" },

  // --- the vendor simulator (simulator mode only; 404 when real credentials are configured)
  { file: "app/sim/wecom/connect/oauth2/authorize/page.tsx", path: "/sim/wecom/connect/oauth2/authorize?appid=x&redirect_uri=http%3A%2F%2Fevil.example%2F&response_type=code&scope=snsapi_base&state=s", expect: "ok", note: "error page for an untrusted redirect_uri" },
  { file: "app/sim/wecom/wwlogin/sso/login/page.tsx", path: "/sim/wecom/wwlogin/sso/login?login_type=CorpApp&appid=x&redirect_uri=http%3A%2F%2Fevil.example%2F&state=s", expect: "ok" },
  { file: "app/sim/dingtalk/login/oauth2/auth/page.tsx", path: "/sim/dingtalk/login/oauth2/auth?client_id=x&redirect_uri=http%3A%2F%2Fevil.example%2F&response_type=code&scope=openid&state=s", expect: "ok" },
  { file: "app/sim/dingtalk/inapp/page.tsx", path: "/sim/dingtalk/inapp?return=%2F", expect: "ok" },
  { file: "app/api/sim/wecom/[...path]/route.ts", path: "/api/sim/wecom/cgi-bin/gettoken?corpid=x&corpsecret=y", expect: "ok", note: "vendor-style errcode in a 200" },
  { file: "app/api/sim/wecom/oauth-grant/route.ts", path: "/api/sim/wecom/oauth-grant", expect: "rejected" },
  { file: "app/api/sim/wecom/authorize/route.ts", path: "/api/sim/wecom/authorize?appid=x&redirect_uri=http%3A%2F%2Fevil.example%2F&response_type=code&scope=snsapi_base&state=s", expect: "redirect", note: "silent fast path of the authorize page (proxy.ts); not silent → the page" },
  { file: "app/api/sim/dingtalk/oapi/[...path]/route.ts", path: "/api/sim/dingtalk/oapi/gettoken?appkey=x&appsecret=y", expect: "ok", note: "vendor-style errcode in a 200" },
  { file: "app/api/sim/dingtalk/api/[...path]/route.ts", path: "/api/sim/dingtalk/api/v1.0/contact/users/me", expect: "rejected", note: "v1.0 answers 400 without the token header" },
  { file: "app/api/sim/attendance/route.ts", path: "/api/sim/attendance", method: "POST", data: { op: "matrix" }, expect: "rejected", note: "simulator control: an unknown op changes nothing" },
  { file: "app/api/sim/dingtalk/oauth-grant/route.ts", path: "/api/sim/dingtalk/oauth-grant", expect: "rejected" },
  { file: "app/api/sim/dingtalk/inapp/authcode/route.ts", path: "/api/sim/dingtalk/inapp/authcode?corpId=wrong", expect: "rejected" },
  { file: "app/api/sim/faults/route.ts", path: "/api/sim/faults", expect: "ok" },
  { file: "app/api/sim/faults/route.ts", path: "/api/sim/faults", method: "POST", data: { vendor: "wecom", path: "/cgi-bin/nothing-the-app-calls", kind: "nope" }, expect: "rejected", note: "simulator: no roles; an invalid fault is refused (a valid one would disturb later rows)" },
  { file: "app/api/sim/faults/route.ts", path: "/api/sim/faults", method: "DELETE", expect: "ok", note: "simulator: clears faults (none are set while the matrix runs)" },
  { file: "app/api/sim/messages/route.ts", path: "/api/sim/messages", expect: "ok" },
  { file: "app/api/sim/messages/route.ts", path: "/api/sim/messages", method: "DELETE", expect: "ok", note: "simulator: clears the simulated chat inbox (specs run one at a time and read their own messages)" },
  { file: "app/api/sim/org/route.ts", path: "/api/sim/org", expect: "ok" },
  { file: "app/api/sim/org/route.ts", path: "/api/sim/org", method: "POST", data: { op: "expire_tokens" }, expect: "ok", note: "simulator: tokens are fetched again on the next call" },
  { file: "app/api/sim/stats/route.ts", path: "/api/sim/stats", expect: "ok" },
  { file: "app/api/sim/stats/route.ts", path: "/api/sim/stats", method: "DELETE", expect: "ok", note: "simulator: resets call counters" },
  { file: "app/api/sim/wecom/[...path]/route.ts", path: "/api/sim/wecom/cgi-bin/message/send?access_token=matrix-invalid", method: "POST", data: { touser: "x", msgtype: "text", agentid: 1, text: { content: "x" } }, expect: "ok", note: "vendor-style errcode (invalid token) in a 200; nothing sent" },
  { file: "app/api/sim/dingtalk/oapi/[...path]/route.ts", path: "/api/sim/dingtalk/oapi/topapi/v2/user/get?access_token=matrix-invalid", method: "POST", data: { userid: "x" }, expect: "ok", note: "vendor-style errcode in a 200" },
  { file: "app/api/sim/dingtalk/oapi/call_back/get_call_back_failed_result/route.ts", path: "/api/sim/dingtalk/oapi/call_back/get_call_back_failed_result?access_token=matrix-invalid", method: "POST", data: {}, expect: "rejected", note: "an invalid token: 400" },
  { file: "app/api/sim/dingtalk/api/[...path]/route.ts", path: "/api/sim/dingtalk/api/v1.0/oauth2/userAccessToken", method: "POST", data: { clientId: "x", clientSecret: "y", code: "matrix-invalid", grantType: "authorization_code" }, expect: "rejected", note: "an unknown code: no token" },
  { file: "app/api/sim/dingtalk/stream/route.ts", path: "/api/sim/dingtalk/stream", method: "POST", data: { op: "terminate" }, expect: "rejected", note: "409 unless DINGTALK_STREAM=1" },
  { file: "app/sim/page.tsx", path: "/sim", expect: "ok", note: "simulator console" },
  { file: "app/sim/events/page.tsx", path: "/sim/events", expect: "ok" },
  { file: "app/api/sim/dingtalk/oapi/call_back/get_call_back_failed_result/route.ts", path: "/api/sim/dingtalk/oapi/call_back/get_call_back_failed_result", expect: "ok", note: "vendor-style errcode in a 200" },
  { file: "app/api/sim/wecom/sdk/verify/route.ts", path: "/api/sim/wecom/sdk/verify", expect: "method", note: "POST only" },
  { file: "app/api/sim/wecom/sdk/verify/route.ts", path: "/api/sim/wecom/sdk/verify", method: "POST", data: { url: "http://localhost/x", timestamp: 1, nonceStr: "n", signature: "0".repeat(40) }, expect: "ok", note: "answers whether a signature verifies (this one does not)" },
  { file: "app/api/sim/dingtalk/stream/route.ts", path: "/api/sim/dingtalk/stream", expect: "ok", note: "Stream gateway status ({enabled:false} unless DINGTALK_STREAM=1)" },
  { file: "app/api/sim/dingtalk/sdk/verify/route.ts", path: "/api/sim/dingtalk/sdk/verify", expect: "method", note: "POST only" },
  { file: "app/api/sim/dingtalk/sdk/verify/route.ts", path: "/api/sim/dingtalk/sdk/verify", method: "POST", data: { url: "http://localhost/x", timeStamp: 1, nonceStr: "n", signature: "0".repeat(40) }, expect: "ok", note: "answers whether a signature verifies (this one does not)" },
];

const hrOnlyAction = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "notfound", admin: "notfound" });
const adminOnlyAction = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "notfound" });
const people = demoPeople();

export const actions: ActionRule[] = [
  // --- identity conflicts (HR/admin): a conflict id that does not exist, so HR's request changes nothing
  {
    action: "app/console/identity/actions.ts#linkAction",
    page: "/console/identity",
    form: { conflictId: "99999999", employeeNo: people.employee.employeeNo },
    expect: hrOnlyAction,
    note: "the role is checked before the number is looked up",
  },
  {
    action: "app/console/identity/actions.ts#linkAction",
    page: "/console/identity",
    form: { conflictId: "99999999", employeeNo: "QD99999" },
    expect: hrOnlyAction,
    note: "an invented employee number answers like a real one for non-HR (no employee-number oracle)",
  },
  { action: "app/console/identity/actions.ts#rejectAction", page: "/console/identity", form: { conflictId: "99999999", note: "权限矩阵" }, expect: hrOnlyAction },

  // --- role grants (admin only): granting admin to the admin themself is a no-op; grant 99999999 does not exist
  {
    action: "app/console/settings/actions.ts#addGrantAction",
    page: "/console/settings",
    form: { role: "admin", kind: "employee", key: people.admin.employeeNo },
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "forbidden", admin: "ok" }),
    note: "admin re-grants admin to themself: nothing changes",
  },
  { action: "app/console/settings/actions.ts#removeGrantAction", page: "/console/settings", form: { grantId: "99999999" }, expect: adminOnlyAction },

  // --- the simulator console (simulator mode: public, holds no real data)
  { action: "app/sim/actions.ts#addFaultAction", page: "/sim", form: { vendor: "wecom", kind: "nope" }, expect: "rejected", note: "no roles in the simulator; an invalid fault is refused (a valid one would disturb later rows)" },
  { action: "app/sim/actions.ts#clearFaultsAction", page: "/sim", args: [], expect: "ok" },
  { action: "app/sim/actions.ts#resetAction", page: "/sim", form: { size: "demo" }, expect: "ok", note: "back to the demo directory the server started with" },
  { action: "app/sim/actions.ts#expireTokensAction", page: "/sim", args: [], expect: "ok" },
  { action: "app/sim/actions.ts#clearMessagesAction", page: "/sim", args: [], expect: "ok" },
  { action: "app/sim/events/actions.ts#sendSimEventAction", page: "/sim/events", form: { kind: "wecom_tampered", user: "zhangsan" }, expect: "ok", note: "a tampered signature: our callback refuses it, nothing is written" },
];
