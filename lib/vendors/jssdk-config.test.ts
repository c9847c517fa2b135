// JS-SDK configuration end to end against the simulator: tickets from its ticket endpoints (cached in
// vendor_tokens), signatures the simulator accepts, foreign URLs refused. Signatures are checked with this file's
// own sha1 over the documented string, itself pinned to WeCom's published example (not lib/vendors/jssdk.ts).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorTokens } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { ForeignUrlError } from "./jssdk";
import { dingtalkJsConfig, wecomJsConfig } from "./jssdk-config";
import { simulatorFetch } from "./sim/fetch";
import { verifySignature } from "./sim/jssdk";
import { advanceClock, resetClock, resetSim, simNow, simState, TOKEN_TTL_S } from "./sim/state";

/** sha1_hex("jsapi_ticket=…&noncestr=…&timestamp=…&url=…"), written here independently of the code under test. */
const documentedSignature = (ticket: string, noncestr: string, timestamp: string, url: string) =>
  createHash("sha1").update(`jsapi_ticket=${ticket}&noncestr=${noncestr}&timestamp=${timestamp}&url=${url}`).digest("hex");

let t: TestDatabase;
const http = { fetch: simulatorFetch, baseDelayMs: 5, timeoutMs: 2000 };
beforeAll(async () => {
  t = await createTestDatabase();
  resetSim("demo");
  // The simulator issues tickets on fixed windows of TOKEN_TTL_S (sim/state.ts ticketFor), so in the last
  // EXPIRY_MARGIN_MS of a window a fresh ticket is already near expiry and is rightly fetched again on the next page:
  // the caching check below failed whenever it ran in the 5 minutes before an even UTC hour (CI at 21:55 UTC).
  // The simulated vendor's clock starts at the beginning of a window, so the check does not depend on the time of day.
  const windowMs = TOKEN_TTL_S * 1000;
  advanceClock(windowMs - (simNow() % windowMs));
});
afterAll(async () => {
  resetClock();
  await t.close();
});

describe("JS-SDK configuration", () => {
  it("the independent signer reproduces the vendors' documented example", () => {
    // WeCom, JS-SDK 签名算法 (https://developer.work.weixin.qq.com/document/path/96909), the example under 示例.
    expect(
      documentedSignature("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg", "Wm3WZYTPz0wzccnW", "1414587457", "http://mp.weixin.qq.com?params=value"),
    ).toBe("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    // DingTalk documents the same string (dd.config, JS-API权限签名算法) but publishes example inputs without an
    // expected signature (vendors/dingtalk.md §7), so WeCom's vector pins the shared algorithm.
  });

  it("WeCom: wx.config and wx.agentConfig signed with the corp and agent tickets; fragment stripped", async () => {
    const page = `${appUrl()}/checkin?m=7&from=card#/scan`;
    const c = await wecomJsConfig(t.database.db, page, { http, now: new Date(1_732_262_400_000) });
    expect(c.url).toBe(`${appUrl()}/checkin?m=7&from=card`);
    expect(c.config.timestamp).toBe("1732262400");
    const corp = simState().tickets.get("wecom:corp")!.ticket;
    const agent = [...simState().tickets.entries()].find(([k]) => k.startsWith("wecom:agent:"))![1].ticket;
    expect(c.config.signature).toBe(documentedSignature(corp, c.config.nonceStr, "1732262400", `${appUrl()}/checkin?m=7&from=card`));
    expect(c.agentConfig.signature).toBe(documentedSignature(agent, c.agentConfig.nonceStr, "1732262400", `${appUrl()}/checkin?m=7&from=card`));
    expect(c.agentConfig.timestamp).toBe("1732262400");
    expect(c.agentConfig).toMatchObject({ corpid: "wwqiandaodemo0001", agentid: "1000002" });
    expect(c.config.appId).toBe("wwqiandaodemo0001");
    expect(verifySignature({ kind: "config", url: page, timestamp: c.config.timestamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(true);
    expect(verifySignature({ kind: "agentConfig", url: page, timestamp: c.agentConfig.timestamp, nonceStr: c.agentConfig.nonceStr, signature: c.agentConfig.signature })).toBe(true);
    expect(verifySignature({ kind: "agentConfig", url: page, timestamp: c.config.timestamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(false);
    // tickets are cached like tokens: a second page costs no ticket call
    const before = simState().calls.get("wecom:/cgi-bin/get_jsapi_ticket");
    await wecomJsConfig(t.database.db, `${appUrl()}/me`, { http });
    expect(simState().calls.get("wecom:/cgi-bin/get_jsapi_ticket")).toBe(before);
    const keys = (await t.database.db.select({ key: vendorTokens.key }).from(vendorTokens)).map((r) => r.key);
    expect(keys.some((k) => k.endsWith(":jsapi_ticket"))).toBe(true);
    expect(keys.some((k) => k.endsWith(":agent_ticket"))).toBe(true);
  });

  it("DingTalk: dd.config signature the simulator accepts", async () => {
    const c = await dingtalkJsConfig(t.database.db, `${appUrl()}/checkin?m=7#top`, { http, now: new Date(1_732_262_400_000) });
    expect(c.url).toBe(`${appUrl()}/checkin?m=7`);
    expect(c.config.timeStamp).toBe("1732262400");
    const ticket = simState().tickets.get("dingtalk:jsapi")!.ticket;
    expect(c.config.signature).toBe(documentedSignature(ticket, c.config.nonceStr, "1732262400", `${appUrl()}/checkin?m=7`));
    expect(verifySignature({ kind: "dd.config", url: c.url, timestamp: c.config.timeStamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(true);
    expect(c.config).toMatchObject({ corpId: "dingqiandaodemo0001", agentId: "3000001" });
  });

  it("refuses a foreign URL before any vendor call", async () => {
    const calls = simState().calls.get("dingtalk:/get_jsapi_ticket");
    await expect(dingtalkJsConfig(t.database.db, "https://evil.example.com/x", { http })).rejects.toBeInstanceOf(ForeignUrlError);
    await expect(wecomJsConfig(t.database.db, "https://evil.example.com/x", { http })).rejects.toBeInstanceOf(ForeignUrlError);
    expect(simState().calls.get("dingtalk:/get_jsapi_ticket")).toBe(calls);
  });
});
