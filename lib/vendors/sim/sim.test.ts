// The simulator speaks the vendors' protocols: exercised through the /api/sim/* route handlers.
import { beforeEach, describe, expect, it } from "vitest";
import { GET as wecomGrant } from "@/app/api/sim/wecom/oauth-grant/route";
import { GET as dingGrant } from "@/app/api/sim/dingtalk/oauth-grant/route";
import { GET as dingInapp } from "@/app/api/sim/dingtalk/inapp/authcode/route";
import { GET as wecomGet, POST as wecomPost } from "@/app/api/sim/wecom/[...path]/route";
import { GET as oapiGet, POST as oapiPost } from "@/app/api/sim/dingtalk/oapi/[...path]/route";
import { GET as v1Get, POST as v1Post } from "@/app/api/sim/dingtalk/api/[...path]/route";
import { POST as faultPost, DELETE as faultDelete } from "@/app/api/sim/faults/route";
import { POST as orgPost } from "@/app/api/sim/org/route";
import { GET as messagesGet } from "@/app/api/sim/messages/route";
import { appUrl } from "@/lib/env";
import { SIM } from "@/lib/vendors/config";
import { resetSim, simState } from "./state";

const base = appUrl();
const ctx = (path: string) => ({ params: Promise.resolve({ path: path.split("/").filter(Boolean) }) });
type Handler = (req: Request, c: ReturnType<typeof ctx>) => Promise<Response>;

async function call(h: Handler, prefix: string, path: string, init?: RequestInit & { query?: Record<string, string> }) {
  const u = new URL(`${base}${prefix}${path}`);
  for (const [k, v] of Object.entries(init?.query ?? {})) u.searchParams.set(k, v);
  const res = await h(new Request(u, init), ctx(path));
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const wecom = (path: string, query: Record<string, string> = {}, body?: unknown) =>
  call(body === undefined ? wecomGet : wecomPost, "/api/sim/wecom", path, { query, method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body) });
const oapi = (path: string, query: Record<string, string> = {}, body?: unknown) =>
  call(body === undefined ? oapiGet : oapiPost, "/api/sim/dingtalk/oapi", path, { query, method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body) });
const v1 = (path: string, opts: { body?: unknown; token?: string } = {}) =>
  call(opts.body === undefined ? v1Get : v1Post, "/api/sim/dingtalk/api", path, {
    method: opts.body === undefined ? "GET" : "POST",
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    headers: opts.token ? { "x-acs-dingtalk-access-token": opts.token } : {},
  });

async function wecomToken() {
  const r = await wecom("/cgi-bin/gettoken", { corpid: SIM.wecom.corpId, corpsecret: SIM.wecom.secret });
  return r.body.access_token as string;
}
async function dingToken() {
  const r = await oapi("/gettoken", { appkey: SIM.dingtalk.clientId, appsecret: SIM.dingtalk.clientSecret });
  return r.body.access_token as string;
}
const firstWecomUser = () => [...simState().directory.wecom.users.values()][1];
const firstDingUser = () => [...simState().directory.dingtalk.users.values()][1];

beforeEach(() => resetSim("demo"));

describe("WeCom simulator", () => {
  it("issues one token per secret for 7200 s and refuses a bad secret with 40001", async () => {
    const a = await wecom("/cgi-bin/gettoken", { corpid: SIM.wecom.corpId, corpsecret: SIM.wecom.secret });
    expect(a.body).toMatchObject({ errcode: 0, expires_in: 7200 });
    const b = await wecom("/cgi-bin/gettoken", { corpid: SIM.wecom.corpId, corpsecret: SIM.wecom.secret });
    expect(b.body.access_token).toBe(a.body.access_token);
    expect((await wecom("/cgi-bin/gettoken", { corpid: SIM.wecom.corpId, corpsecret: "nope" })).body.errcode).toBe(40001);
    expect((await wecom("/cgi-bin/gettoken", { corpid: "wrong", corpsecret: SIM.wecom.secret })).body.errcode).toBe(40013);
  });

  it("OAuth: redirect with code and state; code is single use and expires after 5 minutes", async () => {
    const u = firstWecomUser();
    const res = await wecomGrant(new Request(`${base}/api/sim/wecom/oauth-grant?${new URLSearchParams({ userid: u.userid, redirect_uri: `${base}/api/auth/callback/wecom?x=1`, state: "abc123" })}`));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.pathname).toBe("/api/auth/callback/wecom");
    expect(loc.searchParams.get("state")).toBe("abc123");
    expect(loc.searchParams.get("x")).toBe("1");
    expect(res.headers.get("set-cookie")).toContain("qd_sim_wecom_user=");
    const code = loc.searchParams.get("code")!;
    const token = await wecomToken();
    const first = await wecom("/cgi-bin/auth/getuserinfo", { access_token: token, code });
    expect(first.body).toEqual({ errcode: 0, errmsg: "ok", userid: u.userid });
    expect((await wecom("/cgi-bin/auth/getuserinfo", { access_token: token, code })).body.errcode).toBe(40029);

    const res2 = await wecomGrant(new Request(`${base}/api/sim/wecom/oauth-grant?${new URLSearchParams({ userid: u.userid, redirect_uri: `${base}/cb`, state: "s" })}`));
    const code2 = new URL(res2.headers.get("location")!).searchParams.get("code")!;
    await orgPost(new Request(`${base}/api/sim/org`, { method: "POST", body: JSON.stringify({ op: "advance_clock", seconds: 301 }) }));
    const t2 = await wecomToken();
    expect((await wecom("/cgi-bin/auth/getuserinfo", { access_token: t2, code: code2 })).body.errcode).toBe(40029);

    // reset_clock puts the vendor's "now" back, so one test's time travel does not leak into the next.
    expect(simState().clockOffsetMs).toBeGreaterThanOrEqual(301_000);
    await orgPost(new Request(`${base}/api/sim/org`, { method: "POST", body: JSON.stringify({ op: "reset_clock" }) }));
    expect(simState().clockOffsetMs).toBe(0);
  });

  it("refuses a redirect_uri off the trusted domain", async () => {
    const res = await wecomGrant(new Request(`${base}/api/sim/wecom/oauth-grant?${new URLSearchParams({ userid: firstWecomUser().userid, redirect_uri: "https://evil.example/cb" })}`));
    expect(res.status).toBe(400);
  });

  it("answers 41001 / 40014 / 42001 for missing, wrong and expired tokens", async () => {
    expect((await wecom("/cgi-bin/user/get", { userid: "x" })).body.errcode).toBe(41001);
    expect((await wecom("/cgi-bin/user/get", { access_token: "bogus", userid: "x" })).body.errcode).toBe(40014);
    const token = await wecomToken();
    await orgPost(new Request(`${base}/api/sim/org`, { method: "POST", body: JSON.stringify({ op: "advance_clock", seconds: 7201 }) }));
    expect((await wecom("/cgi-bin/user/get", { access_token: token, userid: firstWecomUser().userid })).body.errcode).toBe(42001);
    const fresh = await wecomToken();
    expect(fresh).not.toBe(token);
    expect((await wecom("/cgi-bin/user/get", { access_token: fresh, userid: firstWecomUser().userid })).body.errcode).toBe(0);
  });

  it("lists departments with leaders and users with details; list_id pages with a cursor", async () => {
    const token = await wecomToken();
    const depts = await wecom("/cgi-bin/department/list", { access_token: token });
    expect(depts.body.department.length).toBe(simState().directory.wecom.depts.size);
    expect(depts.body.department[0]).toMatchObject({ id: 1, parentid: 0 });
    expect(depts.body.department.some((d: { department_leader: string[] }) => d.department_leader.length > 0)).toBe(true);
    const users = await wecom("/cgi-bin/user/list", { access_token: token, department_id: "3" });
    expect(users.body.userlist.length).toBeGreaterThan(0);
    expect(users.body.userlist[0].extattr.attrs[0].name).toBe("工号");
    const seen = new Set<string>();
    let cursor = "";
    let pages = 0;
    do {
      const r = await wecom("/cgi-bin/user/list_id", { access_token: token }, { cursor, limit: 50 });
      expect(r.body.errcode).toBe(0);
      for (const x of r.body.dept_user) seen.add(x.userid);
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(simState().directory.wecom.users.size);
    expect(pages).toBe(Math.ceil(seen.size / 50));
    expect((await wecom("/cgi-bin/user/list_id", { access_token: token }, { cursor: "", limit: 10001 })).body.errcode).toBe(40058);
  });

  it("records textcard messages and serves the jsapi tickets", async () => {
    const token = await wecomToken();
    const u = firstWecomUser();
    const r = await wecom("/cgi-bin/message/send", { access_token: token }, { touser: `${u.userid}|nobody`, msgtype: "textcard", agentid: Number(SIM.wecom.agentId), textcard: { title: "会议提醒", description: "d", url: `${base}/m/1` } });
    expect(r.body).toMatchObject({ errcode: 0, invaliduser: "nobody" });
    const list = await messagesGet(new Request(`${base}/api/sim/messages?vendor=wecom&to=${u.userid}`));
    const msgs = (await list.json()).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body.textcard.title).toBe("会议提醒");
    expect((await wecom("/cgi-bin/message/send", { access_token: token }, { touser: "nobody", msgtype: "textcard", agentid: Number(SIM.wecom.agentId), textcard: {} })).body.errcode).toBe(81013);
    const t1 = await wecom("/cgi-bin/get_jsapi_ticket", { access_token: token });
    const t2 = await wecom("/cgi-bin/ticket/get", { access_token: token, type: "agent_config" });
    expect(t1.body).toMatchObject({ errcode: 0 });
    // tickets live in fixed 2-hour windows (so they survive a simulator restart): what is left of this one
    expect(Math.abs(Number(t1.body.expires_in) - (7200 - Math.floor((Date.now() / 1000) % 7200)))).toBeLessThanOrEqual(2);
    expect(t2.body.ticket).not.toBe(t1.body.ticket);
  });

  it("injects faults per endpoint: 5xx, expired token, rate limit", async () => {
    const token = await wecomToken();
    const add = (body: unknown) => faultPost(new Request(`${base}/api/sim/faults`, { method: "POST", body: JSON.stringify(body) }));
    expect((await add({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "bogus" })).status).toBe(400);
    await add({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "5xx", count: 1 });
    await add({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "expired_token", count: 1 });
    await add({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "rate_limit", count: 1 });
    const q = { access_token: token, userid: firstWecomUser().userid };
    const r1 = await wecomGet(new Request(`${base}/api/sim/wecom/cgi-bin/user/get?${new URLSearchParams(q)}`), ctx("cgi-bin/user/get"));
    expect(r1.status).toBe(502);
    expect((await wecom("/cgi-bin/user/get", q)).body.errcode).toBe(42001);
    expect((await wecom("/cgi-bin/user/get", q)).body.errcode).toBe(45009);
    expect((await wecom("/cgi-bin/user/get", q)).body.errcode).toBe(0);
    await faultDelete();
  });
});

describe("DingTalk simulator", () => {
  it("in-app: requestAuthCode for the client's user → topapi/v2/user/getuserinfo; reuse gives 40078", async () => {
    const u = firstDingUser();
    const none = await dingInapp(new Request(`${base}/api/sim/dingtalk/inapp/authcode?corpId=${SIM.dingtalk.corpId}`));
    expect(none.status).toBe(401);
    const pick = await dingGrant(new Request(`${base}/api/sim/dingtalk/oauth-grant?${new URLSearchParams({ flow: "inapp", userid: u.userid, return: "/login?x=1" })}`));
    expect(pick.status).toBe(302);
    expect(pick.headers.get("location")).toBe("/login?x=1");
    const cookie = pick.headers.get("set-cookie")!.split(";")[0];
    const r = await dingInapp(new Request(`${base}/api/sim/dingtalk/inapp/authcode?corpId=${SIM.dingtalk.corpId}`, { headers: { cookie } }));
    const { code } = await r.json();
    const token = await dingToken();
    const info = await oapi("/topapi/v2/user/getuserinfo", { access_token: token }, { code });
    expect(info.body).toMatchObject({ errcode: 0, result: { userid: u.userid, unionid: u.unionid, name: u.name } });
    expect((await oapi("/topapi/v2/user/getuserinfo", { access_token: token }, { code })).body.errcode).toBe(40078);
  });

  it("PC OAuth: authCode redirect → userAccessToken → contact/users/me → getbyunionid", async () => {
    const u = firstDingUser();
    const res = await dingGrant(new Request(`${base}/api/sim/dingtalk/oauth-grant?${new URLSearchParams({ flow: "pc", userid: u.userid, redirect_uri: `${base}/api/auth/callback/dingtalk`, state: "st8" })}`));
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("code")).toBeNull();
    expect(loc.searchParams.get("state")).toBe("st8");
    const authCode = loc.searchParams.get("authCode")!;
    const ut = await v1("/v1.0/oauth2/userAccessToken", { body: { clientId: SIM.dingtalk.clientId, clientSecret: SIM.dingtalk.clientSecret, code: authCode, grantType: "authorization_code" } });
    expect(ut.status).toBe(200);
    expect(ut.body.expireIn).toBe(7200);
    const again = await v1("/v1.0/oauth2/userAccessToken", { body: { clientId: SIM.dingtalk.clientId, clientSecret: SIM.dingtalk.clientSecret, code: authCode, grantType: "authorization_code" } });
    expect(again.status).toBe(400);
    const me = await v1("/v1.0/contact/users/me", { token: ut.body.accessToken });
    expect(me.body).toMatchObject({ nick: u.name, unionId: u.unionid });
    expect(me.body.userid).toBeUndefined();
    const bad = await v1("/v1.0/contact/users/me", { token: "nope" });
    expect(bad).toMatchObject({ status: 400, body: { code: "InvalidAuthentication" } });
    const byUnion = await oapi("/topapi/user/getbyunionid", { access_token: await dingToken() }, { unionid: me.body.unionId });
    expect(byUnion.body.result).toEqual({ contact_type: 0, userid: u.userid });
    expect((await oapi("/topapi/user/getbyunionid", { access_token: await dingToken() }, { unionid: "zzz" })).body.errcode).toBe(60121);
  });

  it("answers errcode 88 / sub_code 40014 for a bad token, and 40089 for a bad secret", async () => {
    const r = await oapi("/topapi/v2/user/get", { access_token: "bogus" }, { userid: "x" });
    expect(r.body).toMatchObject({ errcode: 88, sub_code: "40014" });
    expect((await oapi("/gettoken", { appkey: SIM.dingtalk.clientId, appsecret: "x" })).body.errcode).toBe(40089);
    const v = await v1("/v1.0/oauth2/accessToken", { body: { appKey: SIM.dingtalk.clientId, appSecret: SIM.dingtalk.clientSecret } });
    expect(v.body.expireIn).toBe(7200);
  });

  it("pages v2/user/list with cursor (size ≤ 100) and enforces 20 QPS per API", async () => {
    const token = await dingToken();
    const d = simState().directory.dingtalk;
    const dept = [...d.depts.values()].find((x) => [...d.users.values()].filter((u) => u.departments.includes(x.id)).length > 3)!;
    const members = [...d.users.values()].filter((u) => u.departments.includes(dept.id)).length;
    const ids: string[] = [];
    let cursor = 0;
    for (;;) {
      const r = await oapi("/topapi/v2/user/list", { access_token: token }, { dept_id: dept.id, cursor, size: 2 });
      expect(r.body.errcode).toBe(0);
      ids.push(...r.body.result.list.map((x: { userid: string }) => x.userid));
      if (!r.body.result.has_more) break;
      cursor = r.body.result.next_cursor;
    }
    expect(ids.length).toBe(members);
    expect((await oapi("/topapi/v2/user/list", { access_token: token }, { dept_id: dept.id, cursor: 0, size: 101 })).body.errcode).toBe(40035);
    const burst = await Promise.all(Array.from({ length: 25 }, () => oapi("/topapi/v2/department/listsub", { access_token: token }, { dept_id: 1 })));
    const limited = burst.filter((r) => r.body.errcode === 88 && r.body.sub_code === "90018");
    expect(limited.length).toBeGreaterThanOrEqual(5);
  });
});
