import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, foreignOrigin, guardKind, isJsonMediaType, refuseActionBody, refuseByHead } from "./request-guard";

const APP = ["http://app.example:3000"];
const h = (o: Record<string, string>) => new Headers(o);

describe("which requests are guarded", () => {
  it.each([
    ["POST", "/api/meetings", "api"],
    ["PATCH", "/api/meetings/3", "api"],
    ["DELETE", "/api/meetings/3", "api"],
    ["PUT", "/api/locale", "api"],
    ["POST", "/api/checkin", "api"],
    ["POST", "/api/auth/dingtalk/inapp", "api"],
    ["POST", "/api/auth/dingtalk/start", "api"],
    ["GET", "/api/meetings", null],
    ["HEAD", "/api/meetings", null],
    ["OPTIONS", "/api/meetings", null],
    ["POST", "/api/callbacks/wecom", null],
    ["POST", "/api/webhooks/zoom", null],
    ["POST", "/api/v1/punches", null],
    ["POST", "/api/sim/org", null],
    ["POST", "/api/auth/signout", null],
    ["POST", "/api/auth/callback/vendor", null],
    ["POST", "/api/callbacksx", "api"],
    ["POST", "/api/v10/x", "api"],
    ["POST", "/console/integrations", "action"],
    ["POST", "/login/signout", "action"],
    ["GET", "/console/integrations", null],
    ["POST", "/_next/static/x", null],
  ] as const)("%s %s → %s", (method, path, kind) => expect(guardKind(method, path)).toBe(kind));
});

describe("origin check", () => {
  it.each([
    ["same origin", { origin: "http://app.example:3000" }, null],
    ["no Origin, Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }, null],
    ["a sibling subdomain (same site)", { origin: "http://evil.app.example:3000" }, /Origin "http:\/\/evil\.app\.example:3000" is not http:\/\/app\.example:3000/],
    ["another port", { origin: "http://app.example:3001" }, /is not/],
    ["https vs http", { origin: "https://app.example:3000" }, /is not/],
    ["Origin null (sandboxed frame, redirect)", { origin: "null" }, /Origin "null"/],
    ["no Origin, same-site", { "sec-fetch-site": "same-site" }, /Sec-Fetch-Site "same-site"/],
    ["no Origin, cross-site", { "sec-fetch-site": "cross-site" }, /cross-site/],
    ["nothing at all", {}, /Origin header is missing/],
    ["a foreign Origin beats Sec-Fetch-Site", { origin: "http://evil.example", "sec-fetch-site": "same-origin" }, /is not/],
  ] as const)("%s", (_name, headers, reason) => {
    const r = foreignOrigin(h(headers), APP);
    if (reason === null) expect(r).toBeNull();
    else expect(r).toMatch(reason);
  });

  it("API writes: 403 with the reason; reads and exempt routes pass", () => {
    expect(refuseByHead({ method: "POST", pathname: "/api/meetings", headers: h({ "content-type": "text/plain" }) }, APP)).toEqual({
      status: 403,
      error: "forbidden",
      message: "cross-origin request refused: the Origin header is missing",
    });
    expect(refuseByHead({ method: "POST", pathname: "/api/meetings", headers: h({ origin: APP[0] }) }, APP)).toBeNull();
    expect(refuseByHead({ method: "GET", pathname: "/api/meetings", headers: h({}) }, APP)).toBeNull();
    expect(refuseByHead({ method: "POST", pathname: "/api/callbacks/dingtalk", headers: h({ origin: "http://evil.example" }) }, APP)).toBeNull();
  });
});

describe("server actions", () => {
  const action = (headers: Record<string, string>) => refuseByHead({ method: "POST", pathname: "/console/integrations", headers: h(headers) }, APP);
  const ok = { origin: APP[0], "next-action": "7f00aa", "content-type": "text/plain;charset=UTF-8", "content-length": "12" };
  it.each([
    ["a foreign Origin", { ...ok, origin: "http://evil.example" }, 403],
    ["no Origin", { "next-action": "7f00aa", "content-type": "text/plain", "content-length": "2" }, 403],
    ["no length", { origin: APP[0], "next-action": "7f00aa", "content-type": "text/plain" }, 411],
    ["8 MB", { ...ok, "content-length": String(8 * 1024 * 1024) }, 413],
    ["one byte over 1 MB", { ...ok, "content-length": String(ACTION_BODY_LIMIT + 1) }, 413],
    ["JSON content type", { ...ok, "content-type": "application/json" }, 415],
    ["urlencoded fetch action", { ...ok, "content-type": "application/x-www-form-urlencoded" }, 415],
  ] as const)("%s → %i", (_name, headers, status) => expect(action(headers)?.status).toBe(status));
  it("a well-formed request passes the head checks", () => {
    expect(action(ok)).toBeNull();
    expect(action({ ...ok, "content-type": "multipart/form-data; boundary=x", "content-length": String(ACTION_BODY_LIMIT) })).toBeNull();
  });

  const post = (body: string, type: string, extra: Record<string, string> = { "next-action": "7f00aa" }) =>
    refuseActionBody(new Request("http://app.example:3000/console/integrations", { method: "POST", body, headers: { "content-type": type, ...extra } }));
  it("garbage bodies are a 400 before Next decodes them", async () => {
    expect((await post("\u0000\u00ffnot json{", "text/plain;charset=UTF-8"))?.status).toBe(400);
    expect((await post("garbage", "multipart/form-data; boundary=abc"))?.status).toBe(400);
    expect((await post("--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n", "multipart/form-data; boundary=abc", {}))?.status).toBe(400);
  });
  it("what React sends passes", async () => {
    expect(await post('["$K1",{"a":1}]', "text/plain;charset=UTF-8")).toBeNull();
    const form = "--abc\r\nContent-Disposition: form-data; name=\"1_x\"\r\n\r\nv\r\n--abc--\r\n";
    expect(await post(form, "multipart/form-data; boundary=abc")).toBeNull();
  });
});

describe("JSON routes' media type", () => {
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["Application/JSON", true],
    ["application/merge-patch+json", true],
    ["text/plain", false],
    ["text/plain;charset=UTF-8", false],
    ["application/x-www-form-urlencoded", false],
    ["multipart/form-data; boundary=x", false],
    ["", false],
  ] as const)("%s → %s", (type, ok) => expect(isJsonMediaType(h(type ? { "content-type": type } : {}))).toBe(ok));
});
