// Simulated oapi.dingtalk.com and api.dingtalk.com (v1.0): paths, shapes, paging, limits and error codes of
// dingtalk.md §1, §2, §3, §6.3, §6.4, §7, §8. oapi answers HTTP 200 {errcode, errmsg}; v1.0 answers HTTP 4xx
// {code, message, requestid} on failure.
import { randomUUID } from "node:crypto";
import { dingtalkConfig } from "@/lib/vendors/config";
import { dingtalkList, dingtalkListRecord, dingtalkRecordUpload } from "./attendance";
import { applyFault, json, readJson, stalled } from "./common";
import { simStreamGateway } from "./dingtalk-stream-runtime";
import { childrenOf, isLeader, membersOf, type SimUser, type VendorDirectory } from "./directory";
import { handleDingtalkAttendanceOapi, handleDingtalkTodoApi } from "./dingtalk-todo";
import { handleDingtalkWorkflowApi } from "./native-approvals";
import {
  appToken,
  checkToken,
  consumeCode,
  countCall,
  countRateLimited,
  recordMessage,
  type SimFault,
  simState,
  ticketFor,
  userToken,
  withinRate,
} from "./state";

/** Per app per API: 20 QPS (dingtalk.md §8). */
export const DINGTALK_QPS_PER_API = 20;

const requestId = () => randomUUID().replace(/-/g, "").slice(0, 24);
const err = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}) =>
  json({ errcode, errmsg, ...extra, request_id: requestId() });
const ok = (body: Record<string, unknown> = {}) => json({ errcode: 0, errmsg: "ok", ...body, request_id: requestId() });
/** Auth failures come wrapped: errcode 88 with a string sub_code (dingtalk.md §8). */
const tokenErr = () => err(88, "ding talk error[subcode=40014,submsg=不合法的access_token]", { sub_code: "40014", sub_msg: "不合法的access_token" });
/** Throttling: old per-app-per-API code 90018, carried as sub_code like other gateway errors (dingtalk.md §8). */
const rateErr = () =>
  err(88, "ding talk error[subcode=90018,submsg=当前应用调用该接口的QPS已超过限制]", {
    sub_code: "90018",
    sub_msg: "当前应用调用该接口的QPS已超过限制",
  });
const v1Err = (status: number, code: string, message: string) => json({ code, message, requestid: requestId() }, status);

function dir(): VendorDirectory {
  return simState().directory.dingtalk;
}

function userDetail(d: VendorDirectory, u: SimUser) {
  return {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    avatar: "",
    state_code: "86",
    mobile: u.mobile,
    hide_mobile: false,
    telephone: "",
    job_number: u.jobNumber,
    title: u.title,
    email: u.email,
    org_email: "",
    work_place: "",
    remark: "",
    dept_id_list: u.departments,
    dept_order_list: u.departments.map((id) => ({ dept_id: id, order: 0 })),
    leader_in_dept: u.departments.map((id) => ({ dept_id: id, leader: isLeader(d, id, u.userid) })),
    manager_userid: "",
    hired_date: 1_600_000_000_000,
    active: u.status === 1,
    admin: false,
    boss: false,
    senior: false,
    real_authed: true,
  };
}

async function guard(vendorApi: string, req: Request, v1: boolean): Promise<Response | "expired" | "empty" | SimFault | null> {
  countCall(`dingtalk:${vendorApi}`);
  const faulted = await applyFault("dingtalk", vendorApi, req, { deliverThenStall: vendorApi === "/topapi/message/corpconversation/asyncsend_v2" });
  if (faulted && "response" in faulted) return faulted.response;
  if (faulted?.fault.kind === "rate_limit") {
    countRateLimited(`dingtalk:${vendorApi}`);
    return v1 ? v1Err(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "QPS limit exceeded") : rateErr();
  }
  if (faulted?.fault.kind === "expired_token") return "expired";
  if (faulted?.fault.kind === "busy") return v1 ? v1Err(503, "ServiceUnavailable", "系统繁忙") : err(-1, "系统繁忙");
  // monthly quota (standard edition): 90020 old, Forbidden.AccessDenied.ApiCountLimitForOrg new
  if (faulted?.fault.kind === "quota") return v1 ? v1Err(403, "Forbidden.AccessDenied.ApiCountLimitForOrg", "API 调用量已超过当月限额") : err(90020, "API 调用量已超过当月限额");
  if (faulted?.fault.kind === "empty_directory") return "empty";
  if (faulted?.fault.kind === "timeout") return faulted.fault;
  return null;
}

function rateLimited(api: string, v1: boolean): Response | null {
  if (withinRate(`dingtalk:${api}`, DINGTALK_QPS_PER_API, 1000)) return null;
  countRateLimited(`dingtalk:${api}`);
  return v1 ? v1Err(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "QPS limit exceeded") : rateErr();
}

export async function handleDingtalkOapi(req: Request, path: string): Promise<Response> {
  const api = path.startsWith("/") ? path : `/${path}`;
  const q = new URL(req.url).searchParams;
  const g = await guard(api, req, false);
  if (g instanceof Response) return g;
  const cfg = dingtalkConfig();

  if (api === "/gettoken") {
    if (q.get("appkey") !== cfg.clientId || q.get("appsecret") !== cfg.clientSecret) {
      // 40089: 不合法的corpid或corpsecret (DingTalk global error table; dingtalk.md lists 40001 for bad tokens only).
      return err(40089, "不合法的corpid或corpsecret");
    }
    const t = appToken("dingtalk", cfg.clientId);
    return ok({ access_token: t.token, expires_in: t.expiresIn });
  }

  const check = checkToken("dingtalk", q.get("access_token"));
  if (g === "expired" || !check.ok) {
    if (check.ok === false && check.reason === "missing") return err(88, "ding talk error[subcode=40000,submsg=access_token is blank]", { sub_code: "40000", sub_msg: "access_token is blank" });
    return tokenErr();
  }
  const limited = rateLimited(api, false);
  if (limited) return limited;

  const d = dir();
  const body = req.method === "POST" ? await readJson(req) : {};
  if (g === "empty" && api === "/topapi/v2/department/listsub") return ok({ result: [] });
  if (g === "empty" && api === "/topapi/v2/user/list") return ok({ result: { has_more: false, list: [] } });
  switch (api) {
    case "/topapi/v2/user/getuserinfo": {
      const c = consumeCode("dingtalk", String(body.code ?? ""), ["inapp"]);
      if (!c) return err(40078, "不存在的临时授权码");
      const u = d.users.get(c.userId);
      if (!u) return err(60121, "找不到该用户");
      return ok({
        result: { userid: u.userid, unionid: u.unionid, name: u.name, device_id: "sim-device", sys: false, sys_level: 0, associated_unionid: "" },
      });
    }
    case "/topapi/user/getbyunionid": {
      const unionid = String(body.unionid ?? "");
      const u = [...d.users.values()].find((x) => x.unionid === unionid && x.status === 1);
      if (!u) return err(60121, "找不到该用户");
      return ok({ result: { contact_type: 0, userid: u.userid } });
    }
    case "/topapi/v2/user/get": {
      const u = d.users.get(String(body.userid ?? ""));
      if (!u) return err(60121, "找不到该用户");
      return ok({ result: userDetail(d, u) });
    }
    case "/topapi/v2/department/listsub": {
      const deptId = body.dept_id === undefined ? 1 : Number(body.dept_id);
      if (!d.depts.has(deptId)) return err(60003, "部门不存在");
      return ok({
        result: childrenOf(d, deptId).map((x) => ({
          dept_id: x.id,
          name: x.name,
          parent_id: x.parentId,
          create_dept_group: false,
          auto_add_user: true,
        })),
      });
    }
    case "/topapi/v2/department/get": {
      const deptId = Number(body.dept_id);
      const x = d.depts.get(deptId);
      if (!x) return err(60003, "部门不存在");
      return ok({ result: { dept_id: x.id, name: x.name, parent_id: x.parentId, order: x.order, dept_manager_userid_list: [...x.leaders] } });
    }
    case "/topapi/user/listid": {
      const deptId = Number(body.dept_id);
      if (!d.depts.has(deptId)) return err(60003, "部门不存在");
      return ok({ result: { userid_list: membersOf(d, deptId).map((u) => u.userid) } });
    }
    case "/topapi/v2/user/list":
    case "/topapi/user/listsimple": {
      const deptId = Number(body.dept_id);
      const cursor = Number(body.cursor ?? 0);
      const size = Number(body.size);
      if (!d.depts.has(deptId)) return err(60003, "部门不存在");
      if (!Number.isInteger(size) || size < 1 || size > 100) return err(40035, "size 参数不合法，最大100");
      if (!Number.isInteger(cursor) || cursor < 0) return err(40035, "cursor 参数不合法");
      const members = membersOf(d, deptId);
      const page = members.slice(cursor, cursor + size);
      const hasMore = cursor + size < members.length;
      const list =
        api === "/topapi/user/listsimple"
          ? page.map((u) => ({ userid: u.userid, name: u.name }))
          : page.map((u) => ({ ...userDetail(d, u), leader: isLeader(d, deptId, u.userid), dept_order: 0 }));
      return ok({ result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list } });
    }
    case "/topapi/message/corpconversation/asyncsend_v2": {
      if (String(body.agent_id ?? "") !== cfg.agentId) return err(40056, "不合法的agentid");
      const ids = String(body.userid_list ?? "").split(",").filter(Boolean);
      if (ids.length > 100) return err(40035, "userid_list 最多100个");
      const msg = body.msg as Record<string, unknown> | undefined;
      if (!msg || typeof msg.msgtype !== "string") return err(40035, "msg 参数不合法");
      if (Buffer.byteLength(JSON.stringify(msg)) > 2048) return err(40035, "消息内容超过2048字节");
      const rec = recordMessage({ vendor: "dingtalk", api, to: ids, msgtype: msg.msgtype, body });
      if (g && typeof g === "object" && !(g instanceof Response)) return stalled(g, req);
      return ok({ task_id: Number.parseInt(rec.id.replace(/\D/g, "").slice(0, 9) || "1", 10) + 100_000_000 });
    }
    case "/attendance/listRecord":
      return json({ ...dingtalkListRecord(body, cfg.corpId), request_id: requestId() });
    case "/attendance/list":
      return json({ ...dingtalkList(body, cfg.corpId), request_id: requestId() });
    case "/topapi/attendance/record/upload":
      return json({ ...dingtalkRecordUpload(body, (id) => d.users.get(id)?.status === 1), request_id: requestId() });
    case "/get_jsapi_ticket": {
      const t = ticketFor("dingtalk:jsapi");
      return ok({ ticket: t.ticket, expires_in: t.expiresIn });
    }
    default: {
      const attendance = handleDingtalkAttendanceOapi(api, body, (id) => d.users.get(id)?.status === 1);
      return attendance ? json({ ...attendance, request_id: requestId() }) : err(22, "不合法ApiName");
    }
  }
}

export async function handleDingtalkApi(req: Request, path: string): Promise<Response> {
  const api = path.startsWith("/") ? path : `/${path}`;
  const g = await guard(api, req, true);
  if (g instanceof Response) return g;
  const cfg = dingtalkConfig();
  const d = dir();

  if (api === "/v1.0/gateway/connections/open" && req.method === "POST") {
    // Stream mode: register a connection → {endpoint, ticket} of the simulated gateway (dingtalk-stream-runtime.ts).
    const gw = await simStreamGateway();
    if (!gw) return v1Err(403, "Forbidden.StreamNotEnabled", "Stream 模式未开启（DINGTALK_STREAM=1）");
    const r = gw.openConnection(await readJson(req));
    return r.status === 200 ? json(r.body) : v1Err(r.status === 401 ? 400 : r.status, String(r.body.code), String(r.body.message));
  }
  if (api === "/v1.0/oauth2/accessToken" && req.method === "POST") {
    const body = await readJson(req);
    if (body.appKey !== cfg.clientId || body.appSecret !== cfg.clientSecret) return v1Err(400, "invalidClientIdOrSecret", "无效的clientId或clientSecret");
    const t = appToken("dingtalk", cfg.clientId);
    return json({ accessToken: t.token, expireIn: t.expiresIn });
  }
  if (api === "/v1.0/oauth2/userAccessToken" && req.method === "POST") {
    const body = await readJson(req);
    if (body.clientId !== cfg.clientId || body.clientSecret !== cfg.clientSecret) return v1Err(400, "invalidClientIdOrSecret", "无效的clientId或clientSecret");
    if (body.grantType !== "authorization_code") return v1Err(400, "invalidGrantType", "grantType 不合法");
    const c = consumeCode("dingtalk", String(body.code ?? ""), ["pc"]);
    // The v1.0 code for a bad authCode is not in the notes: "invalidAuthCode" is the simulator's choice.
    if (!c) return v1Err(400, "invalidAuthCode", "不合法的临时授权码");
    const u = d.users.get(c.userId);
    const token = userToken("dingtalk", u?.unionid ?? `nonmember-${c.userId}`);
    return json({ accessToken: token, refreshToken: userToken("dingtalk", `refresh:${u?.unionid ?? ""}`), expireIn: 7200, corpId: cfg.corpId });
  }

  const header = req.headers.get("x-acs-dingtalk-access-token");
  if (!header) return v1Err(400, "AuthenticationFailed.MissingParameter", "缺少 x-acs-dingtalk-access-token");
  const isUserApi = api === "/v1.0/contact/users/me";
  const check = checkToken("dingtalk", header, isUserApi ? "user" : "app");
  if (g === "expired" || !check.ok) return v1Err(400, "InvalidAuthentication", "不合法的access_token");
  const limited = rateLimited(api, true);
  if (limited) return limited;

  if (isUserApi && req.method === "GET") {
    const u = [...d.users.values()].find((x) => x.unionid === check.token.subject);
    if (!u) return json({ nick: "访客", unionId: check.token.subject, openId: `open-${check.token.subject}`, stateCode: "86", visitor: true });
    return json({ nick: u.name, avatarUrl: "", mobile: u.mobile, openId: `open-${u.unionid}`, unionId: u.unionid, email: u.email, stateCode: "86" });
  }
  if (api === "/v1.0/oauth2/jsapiTickets" && req.method === "POST") {
    const t = ticketFor("dingtalk:jsapi");
    return json({ jsapiTicket: t.ticket, expireIn: t.expiresIn });
  }
  const todo = await handleDingtalkTodoApi(
    req,
    api,
    (unionId) => [...d.users.values()].some((u) => u.unionid === unionId && u.status === 1),
    (userId) => d.users.get(userId)?.status === 1,
  );
  if (todo) return todo;
  const workflow = await handleDingtalkWorkflowApi(req, api, (userId) => d.users.get(userId)?.status === 1);
  if (workflow) return workflow;
  return v1Err(404, "InvalidAction.NotFound", "Specified api is not found");
}
