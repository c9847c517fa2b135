import { describe, expect, it } from "vitest";
import { detectContainer } from "./container";
import { beginLogin, checkState, safeNext, vendorAuthorizeUrl } from "./login-flow";
import { LoginRefusal } from "./refusal";
import { newReference, newState, seal, unseal } from "./signed";
import { makeLoginTicket, verifyLoginTicket } from "./ticket";

describe("vendor authorize URLs (wecom.md §2.1/§2.2, dingtalk.md §3)", () => {
  it("WeCom in-app: appid, agentid, scope, state, response_type=code and the #wechat_redirect fragment", () => {
    const url = vendorAuthorizeUrl("wecom_oauth", "abcXYZ123");
    expect(url.endsWith("#wechat_redirect")).toBe(true);
    const u = new URL(url);
    expect(u.searchParams.get("appid")).toMatch(/^ww/);
    expect(u.searchParams.get("agentid")).toBe("1000002"); // the simulator's AgentId (no WECOM_AGENT_ID in tests)
    expect(u.searchParams.get("scope")).toBe("snsapi_base");
    expect(u.searchParams.get("response_type")).toBe("code");
    expect(u.searchParams.get("state")).toBe("abcXYZ123");
    expect(u.searchParams.get("redirect_uri")).toMatch(/\/api\/auth\/wecom\/callback$/);
    expect(new URL(vendorAuthorizeUrl("wecom_oauth", "s", { privateInfo: true })).searchParams.get("scope")).toBe("snsapi_privateinfo");
  });

  it("WeCom PC: wwlogin/sso/login with login_type=CorpApp; DingTalk PC: oauth2/auth with client_id and consent", () => {
    const w = new URL(vendorAuthorizeUrl("wecom_qr", "s1"));
    expect(w.pathname).toMatch(/wwlogin\/sso\/login$/);
    expect(w.searchParams.get("login_type")).toBe("CorpApp");
    expect(w.searchParams.get("agentid")).toBe("1000002");
    const d = new URL(vendorAuthorizeUrl("dingtalk_oauth", "s2"));
    expect(d.pathname).toMatch(/oauth2\/auth$/);
    expect(d.searchParams.get("client_id")).toBe("dingsimappkey0001"); // the simulator's AppKey
    expect(d.searchParams.get("prompt")).toBe("consent");
    expect(d.searchParams.get("scope")).toBe("openid");
    expect(d.searchParams.get("redirect_uri")).toMatch(/\/api\/auth\/dingtalk\/callback$/);
  });
});

describe("state, tickets and redirects", () => {
  const secret = "s".repeat(40);
  it("state is alphanumeric (WeCom's rule), sealed, bound to the vendor, and expires", () => {
    expect(newState()).toMatch(/^[A-Za-z0-9]{32}$/);
    const { state, cookie } = beginLogin(secret, "dingtalk_inapp", "/todos");
    expect(checkState(secret, cookie, "dingtalk", state).next).toBe("/todos");
    expect(() => checkState(secret, cookie, "wecom", state)).toThrow(LoginRefusal);
    expect(() => checkState("another-secret-of-forty-characters-xxxxx", cookie, "dingtalk", state)).toThrow(LoginRefusal);
    expect(() => checkState(secret, undefined, "dingtalk", state)).toThrow(LoginRefusal);
    expect(() => checkState(secret, cookie, "dingtalk", null)).toThrow(LoginRefusal);
    expect(unseal(secret, "login-state", seal(secret, "login-state", { exp: 10 }), 11)).toBeNull();
  });

  it("a login ticket lives one minute and cannot be forged", () => {
    const t = makeLoginTicket(secret, { employeeId: 7, provider: "wecom", reference: newReference() }, 0);
    expect(verifyLoginTicket(secret, t, 59_000)?.employeeId).toBe(7);
    expect(verifyLoginTicket(secret, t, 61_000)).toBeNull();
    const [data, sig] = t.split(".");
    const forged = `${Buffer.from(JSON.stringify({ employeeId: 1, provider: "wecom", reference: "x", exp: 9e15 })).toString("base64url")}.${sig}`;
    expect(verifyLoginTicket(secret, forged, 0)).toBeNull();
    expect(verifyLoginTicket(secret, `${data}.${sig}x`, 0)).toBeNull();
  });

  it("only same-origin paths survive as next (no open redirect)", () => {
    expect(safeNext("/meetings?id=3")).toBe("/meetings?id=3");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "", null, 5]) expect(safeNext(bad)).toBe("/");
    expect(safeNext("/login?next=/x")).toBe("/");
    expect(newReference()).toMatch(/^QD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });
});

describe("container detection from the user agent", () => {
  it("tells WeCom, DingTalk and a browser apart", () => {
    expect(detectContainer("Mozilla/5.0 (iPhone) AppleWebKit Mobile/15E148 wxwork/4.1.0 MicroMessenger/7.0.1")).toBe("wecom");
    expect(detectContainer("Mozilla/5.0 (Linux; Android 13) AppleWebKit Mobile AliApp(DingTalk/7.6.0) com.alibaba.android.rimet")).toBe("dingtalk");
    expect(detectContainer("Mozilla/5.0 (Windows NT 10.0) DingTalk/7.6.0")).toBe("dingtalk");
    expect(detectContainer("Mozilla/5.0 (iPhone) MicroMessenger/8.0.40")).toBe("browser"); // personal WeChat is not WeCom
    expect(detectContainer(null)).toBe("browser");
  });
});
