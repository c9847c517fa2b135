// Vendor configuration resolved once from lib/env: real credentials when set, simulator defaults otherwise.
// Callback verification always uses the configured token / AES key / ids whenever they are set, in every mode.
import { appUrl, dingtalkSimulated, env, wecomSimulated } from "@/lib/env";

/** Simulator identities: what the built-in vendor simulator answers as. Public by design (demo only). */
export const SIM = {
  wecom: {
    corpId: "wwqiandaodemo0001",
    agentId: "1000002",
    secret: "sim-wecom-secret-0000000000000000000000000",
    callbackToken: "simWecomToken",
    aesKey: "c2ltV2Vjb21BZXNLZXkwMDAwMDAwMDAwMDAwMDAwMDA", // 43 chars
  },
  dingtalk: {
    corpId: "dingqiandaodemo0001",
    agentId: "3000001",
    clientId: "dingsimappkey0001",
    clientSecret: "sim-dingtalk-secret-000000000000000000000000",
    callbackToken: "simDingToken",
    aesKey: "c2ltRGluZ3RhbGtBZXNLZXkwMDAwMDAwMDAwMDAwMDA", // 43 chars
  },
  tencentMeeting: { token: "simTencentMeetingToken", aesKey: "c2ltVGVuY2VudE1lZXRpbmdBZXNLZXkwMDAwMDAwMDA" },
  zoom: { webhookSecret: "simZoomWebhookSecret" },
  agora: { ncsSecret: "simAgoraNcsSecret" },
} as const;

export interface WecomConfig {
  simulated: boolean;
  corpId: string;
  agentId: string;
  secret: string;
  callbackToken: string | undefined;
  aesKey: string | undefined;
  apiBase: string; // qyapi.weixin.qq.com
  oauthAuthorizeUrl: string; // open.weixin.qq.com/connect/oauth2/authorize
  ssoLoginUrl: string; // login.work.weixin.qq.com/wwlogin/sso/login
}

export function wecomConfig(): WecomConfig {
  const e = env();
  const simulated = wecomSimulated();
  const base = appUrl();
  return {
    simulated,
    corpId: e.WECOM_CORP_ID ?? SIM.wecom.corpId,
    agentId: e.WECOM_AGENT_ID ?? SIM.wecom.agentId,
    secret: e.WECOM_SECRET ?? SIM.wecom.secret,
    callbackToken: e.WECOM_CALLBACK_TOKEN ?? (simulated ? SIM.wecom.callbackToken : undefined),
    aesKey: e.WECOM_CALLBACK_AES_KEY ?? (simulated ? SIM.wecom.aesKey : undefined),
    apiBase: e.WECOM_API_BASE ?? (simulated ? `${base}/api/sim/wecom` : "https://qyapi.weixin.qq.com"),
    oauthAuthorizeUrl: simulated ? `${base}/sim/wecom/connect/oauth2/authorize` : "https://open.weixin.qq.com/connect/oauth2/authorize",
    ssoLoginUrl: simulated ? `${base}/sim/wecom/wwlogin/sso/login` : "https://login.work.weixin.qq.com/wwlogin/sso/login",
  };
}

export interface DingtalkConfig {
  simulated: boolean;
  corpId: string;
  agentId: string;
  clientId: string; // AppKey
  clientSecret: string; // AppSecret
  callbackToken: string | undefined;
  aesKey: string | undefined;
  oapiBase: string; // oapi.dingtalk.com
  apiBase: string; // api.dingtalk.com (v1.0)
  loginBase: string; // login.dingtalk.com
  stream: boolean;
}

export function dingtalkConfig(): DingtalkConfig {
  const e = env();
  const simulated = dingtalkSimulated();
  const base = appUrl();
  return {
    simulated,
    corpId: e.DINGTALK_CORP_ID ?? SIM.dingtalk.corpId,
    agentId: e.DINGTALK_AGENT_ID ?? SIM.dingtalk.agentId,
    clientId: e.DINGTALK_CLIENT_ID ?? SIM.dingtalk.clientId,
    clientSecret: e.DINGTALK_CLIENT_SECRET ?? SIM.dingtalk.clientSecret,
    callbackToken: e.DINGTALK_CALLBACK_TOKEN ?? (simulated ? SIM.dingtalk.callbackToken : undefined),
    aesKey: e.DINGTALK_CALLBACK_AES_KEY ?? (simulated ? SIM.dingtalk.aesKey : undefined),
    oapiBase: e.DINGTALK_OAPI_BASE ?? (simulated ? `${base}/api/sim/dingtalk/oapi` : "https://oapi.dingtalk.com"),
    apiBase: e.DINGTALK_API_BASE ?? (simulated ? `${base}/api/sim/dingtalk/api` : "https://api.dingtalk.com"),
    loginBase: e.DINGTALK_LOGIN_BASE ?? (simulated ? `${base}/sim/dingtalk/login` : "https://login.dingtalk.com"),
    stream: e.DINGTALK_STREAM,
  };
}

/** Meeting-platform webhook secrets; simulator defaults only while the whole app is in simulator mode. */
export function meetingWebhookConfig() {
  const e = env();
  const simulated = wecomSimulated() && dingtalkSimulated();
  return {
    tencentMeeting: {
      token: e.TENCENT_MEETING_TOKEN ?? (simulated ? SIM.tencentMeeting.token : undefined),
      aesKey: e.TENCENT_MEETING_AES_KEY ?? (simulated ? SIM.tencentMeeting.aesKey : undefined),
    },
    zoom: { webhookSecret: e.ZOOM_WEBHOOK_SECRET ?? (simulated ? SIM.zoom.webhookSecret : undefined) },
    agora: { ncsSecret: e.AGORA_NCS_SECRET ?? (simulated ? SIM.agora.ncsSecret : undefined) },
  };
}
