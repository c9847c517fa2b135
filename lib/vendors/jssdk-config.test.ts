// JS-SDK configuration end to end against the simulator: tickets from its ticket endpoints (cached in
// vendor_tokens), signatures the simulator accepts, foreign URLs refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorTokens } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { ForeignUrlError, jsapiSignature } from "./jssdk";
import { dingtalkJsConfig, wecomJsConfig } from "./jssdk-config";
import { simulatorFetch } from "./sim/fetch";
import { verifySignature } from "./sim/jssdk";
import { resetSim, simState } from "./sim/state";

let t: TestDatabase;
const http = { fetch: simulatorFetch, baseDelayMs: 5, timeoutMs: 2000 };
beforeAll(async () => {
  t = await createTestDatabase();
  resetSim("demo");
});
afterAll(async () => t.close());

describe("JS-SDK configuration", () => {
  it("WeCom: wx.config and wx.agentConfig signed with the corp and agent tickets; fragment stripped", async () => {
    const page = `${appUrl()}/checkin?m=7&from=card#/scan`;
    const c = await wecomJsConfig(t.database.db, page, { http, now: new Date(1_732_262_400_000) });
    expect(c.url).toBe(`${appUrl()}/checkin?m=7&from=card`);
    expect(c.config.timestamp).toBe("1732262400");
    const corp = simState().tickets.get("wecom:corp")!.ticket;
    const agent = [...simState().tickets.entries()].find(([k]) => k.startsWith("wecom:agent:"))![1].ticket;
    expect(c.config.signature).toBe(jsapiSignature({ ticket: corp, nonceStr: c.config.nonceStr, timestamp: c.config.timestamp, url: c.url }));
    expect(c.agentConfig.signature).toBe(jsapiSignature({ ticket: agent, nonceStr: c.agentConfig.nonceStr, timestamp: c.agentConfig.timestamp, url: c.url }));
    expect(verifySignature({ kind: "config", url: page, timestamp: c.config.timestamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(true);
    expect(verifySignature({ kind: "agentConfig", url: page, timestamp: c.agentConfig.timestamp, nonceStr: c.agentConfig.nonceStr, signature: c.agentConfig.signature })).toBe(true);
    expect(verifySignature({ kind: "agentConfig", url: page, timestamp: c.config.timestamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(false);
    expect(c.sdkUrl).toContain("/api/sim/wecom/sdk/jweixin.js");
    // tickets are cached like tokens: a second page costs no ticket call
    const before = simState().calls.get("wecom:/cgi-bin/get_jsapi_ticket");
    await wecomJsConfig(t.database.db, `${appUrl()}/me`, { http });
    expect(simState().calls.get("wecom:/cgi-bin/get_jsapi_ticket")).toBe(before);
    const keys = (await t.database.db.select({ key: vendorTokens.key }).from(vendorTokens)).map((r) => r.key);
    expect(keys.some((k) => k.endsWith(":jsapi_ticket"))).toBe(true);
    expect(keys.some((k) => k.endsWith(":agent_ticket"))).toBe(true);
  });

  it("DingTalk: dd.config signature the simulator accepts", async () => {
    const c = await dingtalkJsConfig(t.database.db, `${appUrl()}/checkin?m=7`, { http });
    expect(verifySignature({ kind: "dd.config", url: c.url, timestamp: c.config.timeStamp, nonceStr: c.config.nonceStr, signature: c.config.signature })).toBe(true);
    expect(c.config.corpId).toBeTruthy();
  });

  it("refuses a foreign URL before any vendor call", async () => {
    const calls = simState().calls.get("dingtalk:/get_jsapi_ticket");
    await expect(dingtalkJsConfig(t.database.db, "https://evil.example.com/x", { http })).rejects.toBeInstanceOf(ForeignUrlError);
    await expect(wecomJsConfig(t.database.db, "https://evil.example.com/x", { http })).rejects.toBeInstanceOf(ForeignUrlError);
    expect(simState().calls.get("dingtalk:/get_jsapi_ticket")).toBe(calls);
  });
});
