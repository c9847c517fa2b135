// The proxy end to end as a function: HSTS only for an https APP_URL, refusals before any route, the simulator
// gate and the sign-in redirect unchanged.
import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { resetEnvForTests } from "@/lib/env";
import { proxy } from "@/proxy";

/* eslint-disable no-restricted-properties -- tests configure the app through its environment */
const saved = { ...process.env };
function withEnv(vars: Record<string, string | undefined>) {
  for (const k of ["APP_URL", "WECOM_CORP_ID", "WECOM_SECRET", "WECOM_AGENT_ID", "SIMULATOR"]) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvForTests();
}
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});
/* eslint-enable no-restricted-properties */

const req = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => new NextRequest(url, init);

describe("proxy", () => {
  it("HSTS only when APP_URL is https", async () => {
    withEnv({ APP_URL: "https://qiandao.example.com" });
    expect((await proxy(req("https://qiandao.example.com/login"))).headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect((await proxy(req("https://qiandao.example.com/meetings"))).headers.get("strict-transport-security")).toBe("max-age=31536000");
    withEnv({ APP_URL: "http://localhost:3000" });
    expect((await proxy(req("http://localhost:3000/login"))).headers.get("strict-transport-security")).toBeNull();
  });

  it("a foreign Origin on an API write is a 403 with the reason; the app's own passes", async () => {
    withEnv({ APP_URL: "https://qiandao.example.com" });
    const foreign = await proxy(req("https://qiandao.example.com/api/meetings", { method: "POST", headers: { origin: "https://evil.qiandao.example.com", "content-type": "text/plain" }, body: "{}" }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: "forbidden", message: 'cross-origin request refused: Origin "https://evil.qiandao.example.com" is not https://qiandao.example.com' });
    expect(foreign.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const own = await proxy(req("https://qiandao.example.com/api/meetings", { method: "POST", headers: { origin: "https://qiandao.example.com", "content-type": "application/json" }, body: "{}" }));
    expect(own.headers.get("x-middleware-next")).toBe("1");
  });

  it("a server action with a foreign Origin, no Origin, 8 MB or a garbage body is a 4xx", async () => {
    withEnv({ APP_URL: "http://localhost:3000" });
    const action = (headers: Record<string, string>, body = '["x"]') =>
      proxy(req("http://localhost:3000/console/integrations", { method: "POST", headers: { "next-action": "7f3a", "content-type": "text/plain;charset=UTF-8", "content-length": String(body.length), ...headers }, body }));
    expect((await action({ origin: "http://evil.example" })).status).toBe(403);
    expect((await action({})).status).toBe(403);
    expect((await action({ origin: "http://localhost:3000", "content-length": String(8 * 1024 * 1024) })).status).toBe(413);
    expect((await action({ origin: "http://localhost:3000" }, "garbage\u0000")).status).toBe(400);
    // A well-formed one goes on: to the sign-in redirect without a session, or to the action on a public page.
    expect((await action({ origin: "http://localhost:3000" })).status).toBe(307);
    const signOut = await proxy(req("http://localhost:3000/login/signout", { method: "POST", headers: { origin: "http://localhost:3000", "next-action": "7f3a", "content-type": "text/plain;charset=UTF-8", "content-length": "5" }, body: '["x"]' }));
    expect(signOut.headers.get("x-middleware-next")).toBe("1");
  });

  it("keeps the simulator gate and the sign-in redirect", async () => {
    withEnv({ APP_URL: "http://localhost:3000", WECOM_CORP_ID: "ww1", WECOM_SECRET: "s", WECOM_AGENT_ID: "1" });
    expect((await proxy(req("http://localhost:3000/api/sim/org", { method: "POST", body: "{}" }))).status).toBe(404);
    expect((await proxy(req("http://localhost:3000/sim"))).status).toBe(404);
    const anon = await proxy(req("http://localhost:3000/meetings?x=1"));
    expect(anon.status).toBe(307);
    expect(anon.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fmeetings%3Fx%3D1");
    expect((await proxy(req("http://localhost:3000/login?next=/x"))).headers.get("x-middleware-next")).toBe("1");
    withEnv({ APP_URL: "http://localhost:3000" });
    expect((await proxy(req("http://localhost:3000/sim"))).headers.get("x-middleware-next")).toBe("1");
  });
  it("inside WeCom, only a page load starts the OAuth redirect; prefetches and fetches go to /login and set no state", async () => {
    withEnv({ APP_URL: "http://localhost:3000", WECOM_CORP_ID: "ww1", WECOM_SECRET: "s", WECOM_AGENT_ID: "1" });
    const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.0 MicroMessenger/7.0.1";
    const page = await proxy(req("http://localhost:3000/todos", { headers: { "user-agent": ua, "sec-fetch-mode": "navigate" } }));
    expect(page.headers.get("x-middleware-rewrite")).toBe("http://localhost:3000/api/auth/wecom/start?flow=oauth&next=%2Ftodos");
    const cases: [string, string, Record<string, string>][] = [
      ["router prefetch by query", "http://localhost:3000/todos?_rsc=abc", {}],
      ["rsc header", "http://localhost:3000/todos", { rsc: "1" }],
      ["segment prefetch", "http://localhost:3000/todos", { "next-router-segment-prefetch": "/_tree" }],
      ["script fetch", "http://localhost:3000/todos", { "sec-fetch-mode": "cors" }],
    ];
    for (const [name, url, headers] of cases) {
      const res = await proxy(req(url, { headers: { "user-agent": ua, ...headers } }));
      expect(res.headers.get("x-middleware-rewrite"), name).toBeNull();
      expect(res.headers.get("location"), name).toMatch(/^http:\/\/localhost:3000\/login/);
    }
  });
});
