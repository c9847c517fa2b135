// Vendor configuration resolved once from lib/env: real credentials when set, simulator defaults only where the
// deployment allows the simulator (lib/env deploymentMode), otherwise the vendor is disabled and has no keys.
// Callback verification always uses the configured token / AES key / ids whenever they are set.
import { appUrl, env, simulatorEnabled, vendorMode, type VendorMode } from "@/lib/env";

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
  tencentMeeting: {
    token: "simTencentMeetingToken",
    aesKey: "c2ltVGVuY2VudE1lZXRpbmdBZXNLZXkwMDAwMDAwMDA",
    // REST (X-TC-* signed) credentials the simulated api.meeting.qq.com accepts.
    rest: { appId: "211000000", sdkId: "21000000000", secretId: "simTencentMeetingSecretId", secretKey: "simTencentMeetingSecretKey0000000000", operatorId: "qiandao-sim-admin" },
  },
  zoom: {
    webhookSecret: "simZoomWebhookSecret",
    // Server-to-Server OAuth app the simulated zoom.us / api.zoom.us accept.
    accountId: "simZoomAccount0001",
    clientId: "simZoomClientId0001",
    clientSecret: "simZoomClientSecret000000000000",
  },
  agora: { ncsSecret: "simAgoraNcsSecret" },
} as const;

export interface WecomConfig {
  mode: VendorMode;
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
  const mode = vendorMode("wecom");
  const simulated = mode === "simulated";
  const base = appUrl();
  return {
    mode,
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
  mode: VendorMode;
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
  const mode = vendorMode("dingtalk");
  const simulated = mode === "simulated";
  const base = appUrl();
  return {
    mode,
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

/** Meeting-platform webhook secrets; the simulator's public ones only where the simulator may run (demo, staging). */
export function meetingWebhookConfig() {
  const e = env();
  const simulated = simulatorEnabled();
  return {
    tencentMeeting: {
      token: e.TENCENT_MEETING_TOKEN ?? (simulated ? SIM.tencentMeeting.token : undefined),
      aesKey: e.TENCENT_MEETING_AES_KEY ?? (simulated ? SIM.tencentMeeting.aesKey : undefined),
    },
    zoom: { webhookSecret: e.ZOOM_WEBHOOK_SECRET ?? (simulated ? SIM.zoom.webhookSecret : undefined) },
    agora: { ncsSecret: e.AGORA_NCS_SECRET ?? (simulated ? SIM.agora.ncsSecret : undefined) },
  };
}

/**
 * Tencent Meeting REST API (reconciliation, tm 42701): real when TENCENT_MEETING_APP_ID + SECRET_ID + SECRET_KEY +
 * OPERATOR_ID are set; the simulator where the simulator may run (demo, staging); otherwise null (not configured).
 */
export interface TencentMeetingRestSettings {
  simulated: boolean;
  apiBase: string; // https://api.meeting.qq.com
  appId: string;
  sdkId?: string;
  secretId: string;
  secretKey: string;
  /** The operator `userid` of tm 42701 (the meeting creator or an enterprise admin). */
  operatorId: string;
}

export function tencentMeetingRestConfig(): TencentMeetingRestSettings | null {
  const e = env();
  if (e.TENCENT_MEETING_APP_ID && e.TENCENT_MEETING_SECRET_ID && e.TENCENT_MEETING_SECRET_KEY && e.TENCENT_MEETING_OPERATOR_ID) {
    return {
      simulated: false,
      apiBase: e.TENCENT_MEETING_API_BASE ?? "https://api.meeting.qq.com",
      appId: e.TENCENT_MEETING_APP_ID,
      sdkId: e.TENCENT_MEETING_SDK_ID,
      secretId: e.TENCENT_MEETING_SECRET_ID,
      secretKey: e.TENCENT_MEETING_SECRET_KEY,
      operatorId: e.TENCENT_MEETING_OPERATOR_ID,
    };
  }
  if (!simulatorEnabled()) return null;
  const r = SIM.tencentMeeting.rest;
  return { simulated: true, apiBase: `${appUrl()}/api/sim/tencent-meeting`, appId: r.appId, sdkId: r.sdkId, secretId: r.secretId, secretKey: r.secretKey, operatorId: r.operatorId };
}

/**
 * Zoom Server-to-Server OAuth app (reconciliation via the participants report): real when ZOOM_ACCOUNT_ID +
 * CLIENT_ID + CLIENT_SECRET are set; the simulator where the simulator may run (demo, staging); otherwise null.
 */
export interface ZoomRestSettings {
  simulated: boolean;
  apiBase: string; // https://api.zoom.us
  oauthBase: string; // https://zoom.us
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export function zoomRestConfig(): ZoomRestSettings | null {
  const e = env();
  if (e.ZOOM_ACCOUNT_ID && e.ZOOM_CLIENT_ID && e.ZOOM_CLIENT_SECRET) {
    return {
      simulated: false,
      apiBase: e.ZOOM_API_BASE ?? "https://api.zoom.us",
      oauthBase: e.ZOOM_OAUTH_BASE ?? "https://zoom.us",
      accountId: e.ZOOM_ACCOUNT_ID,
      clientId: e.ZOOM_CLIENT_ID,
      clientSecret: e.ZOOM_CLIENT_SECRET,
    };
  }
  if (!simulatorEnabled()) return null;
  const base = `${appUrl()}/api/sim/zoom`;
  return { simulated: true, apiBase: base, oauthBase: base, accountId: SIM.zoom.accountId, clientId: SIM.zoom.clientId, clientSecret: SIM.zoom.clientSecret };
}
