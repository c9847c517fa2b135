// Server side of the JS-SDK configuration: tickets from the vendor clients (cached in vendor_tokens like
// tokens), signatures for a page URL of this app. Used by /api/jssdk/{wecom,dingtalk}; the page hands them to
// @wecom/jssdk's ww.register (getConfigSignature / getAgentConfigSignature) or dingtalk-jsapi's dd.config.
import "server-only";
import type { Db } from "@/db/client";
import { appUrl } from "@/lib/env";
import { dingtalkConfig, wecomConfig } from "./config";
import { DingtalkClient } from "./dingtalk/client";
import type { HttpPolicy } from "./http";
import { jsapiSignature, nonce, urlToSign } from "./jssdk";
import { WecomClient } from "./wecom/client";

export async function wecomJsConfig(db: Db, pageUrl: string, opts: { http?: Partial<HttpPolicy>; now?: Date } = {}) {
  const url = urlToSign(pageUrl, appUrl());
  const cfg = wecomConfig();
  const client = new WecomClient({ db, http: opts.http });
  const [corpTicket, agentTicket] = await Promise.all([client.jsapiTicket(), client.agentTicket()]);
  const timestamp = String(Math.floor((opts.now ?? new Date()).getTime() / 1000));
  const n1 = nonce();
  const n2 = nonce();
  return {
    simulated: cfg.simulated,
    url,
    config: { beta: true, appId: cfg.corpId, timestamp, nonceStr: n1, signature: jsapiSignature({ ticket: corpTicket, nonceStr: n1, timestamp, url }) },
    agentConfig: { corpid: cfg.corpId, agentid: cfg.agentId, timestamp, nonceStr: n2, signature: jsapiSignature({ ticket: agentTicket, nonceStr: n2, timestamp, url }) },
  };
}

export async function dingtalkJsConfig(db: Db, pageUrl: string, opts: { http?: Partial<HttpPolicy>; now?: Date } = {}) {
  const url = urlToSign(pageUrl, appUrl());
  const cfg = dingtalkConfig();
  const ticket = await new DingtalkClient({ db, http: opts.http }).jsapiTicket();
  const timeStamp = String(Math.floor((opts.now ?? new Date()).getTime() / 1000)); // seconds, as in the old official docs (S2)
  const nonceStr = nonce();
  return {
    simulated: cfg.simulated,
    url,
    config: { agentId: cfg.agentId, corpId: cfg.corpId, timeStamp, nonceStr, signature: jsapiSignature({ ticket, nonceStr, timestamp: timeStamp, url }), type: 0 },
  };
}
