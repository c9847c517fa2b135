// Deployment modes (issue 10 item 1): as soon as one vendor has credentials, every vendor without them is disabled
// and the simulator with its public keys is gone, unless SIMULATOR=on (staging). Checked through the real env
// parser and the vendor configuration the routes read.
import { afterEach, describe, expect, it, vi } from "vitest";
import { deploymentMode, parseEnv, resetEnvForTests, simulatorEnabled, vendorMode } from "@/lib/env";
import { dingtalkConfig, meetingWebhookConfig, SIM, tencentMeetingRestConfig, wecomConfig, zoomRestConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";

const WECOM = { WECOM_CORP_ID: "wwfake0000000001", WECOM_SECRET: "fake-wecom-secret" };
const DINGTALK = { DINGTALK_CLIENT_ID: "dingfakeappkey01", DINGTALK_CLIENT_SECRET: "fake-dingtalk-secret" };
const NONE = { WECOM_CORP_ID: "", WECOM_SECRET: "", DINGTALK_CLIENT_ID: "", DINGTALK_CLIENT_SECRET: "", SIMULATOR: "" };
const MEETINGS = {
  TENCENT_MEETING_TOKEN: "",
  TENCENT_MEETING_AES_KEY: "",
  TENCENT_MEETING_APP_ID: "",
  ZOOM_WEBHOOK_SECRET: "",
  ZOOM_ACCOUNT_ID: "",
  AGORA_NCS_SECRET: "",
  WECOM_CALLBACK_TOKEN: "",
  WECOM_CALLBACK_AES_KEY: "",
  DINGTALK_CALLBACK_TOKEN: "",
  DINGTALK_CALLBACK_AES_KEY: "",
  APP_URL: "http://qd.test",
};

function withEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries({ ...NONE, ...MEETINGS, ...vars })) vi.stubEnv(k, v);
  resetEnvForTests();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

type Row = { name: string; vars: Record<string, string>; mode: string; wecom: string; dingtalk: string; simulator: boolean };
const MATRIX: Row[] = [
  { name: "none configured", vars: {}, mode: "demo", wecom: "simulated", dingtalk: "simulated", simulator: true },
  { name: "WeCom only", vars: WECOM, mode: "configured", wecom: "real", dingtalk: "disabled", simulator: false },
  { name: "DingTalk only", vars: DINGTALK, mode: "configured", wecom: "disabled", dingtalk: "real", simulator: false },
  { name: "both", vars: { ...WECOM, ...DINGTALK }, mode: "configured", wecom: "real", dingtalk: "real", simulator: false },
  { name: "SIMULATOR=on, none configured", vars: { SIMULATOR: "on" }, mode: "staging", wecom: "simulated", dingtalk: "simulated", simulator: true },
  { name: "SIMULATOR=on, WeCom configured", vars: { ...WECOM, SIMULATOR: "on" }, mode: "staging", wecom: "real", dingtalk: "simulated", simulator: true },
  { name: "SIMULATOR=on, DingTalk configured", vars: { ...DINGTALK, SIMULATOR: "on" }, mode: "staging", wecom: "simulated", dingtalk: "real", simulator: true },
  { name: "SIMULATOR=on, both configured", vars: { ...WECOM, ...DINGTALK, SIMULATOR: "on" }, mode: "staging", wecom: "real", dingtalk: "real", simulator: true },
  { name: "SIMULATOR=off, WeCom configured", vars: { ...WECOM, SIMULATOR: "off" }, mode: "configured", wecom: "real", dingtalk: "disabled", simulator: false },
  // Half a credential is no credential: the CorpID alone configures nothing.
  { name: "WeCom CorpID without Secret", vars: { WECOM_CORP_ID: "wwfake0000000001" }, mode: "demo", wecom: "simulated", dingtalk: "simulated", simulator: true },
];

describe("deploymentMode / vendorMode / simulatorEnabled", () => {
  it.each(MATRIX)("$name → $mode (wecom $wecom, dingtalk $dingtalk)", (row) => {
    const e = parseEnv({ ...row.vars });
    expect({ mode: deploymentMode(e), wecom: vendorMode("wecom", e), dingtalk: vendorMode("dingtalk", e), simulator: simulatorEnabled(e) }).toEqual({
      mode: row.mode,
      wecom: row.wecom,
      dingtalk: row.dingtalk,
      simulator: row.simulator,
    });
  });

  it("refuses a SIMULATOR value other than on/off, naming the variable", () => {
    expect(() => parseEnv({ SIMULATOR: "true" })).toThrow(/SIMULATOR: must be on or off/);
  });
});

describe("what the routes read in each mode", () => {
  it("WeCom only: DingTalk has no callback keys, the simulator's endpoints and meeting secrets are gone", () => {
    withEnv(WECOM);
    const d = dingtalkConfig();
    expect({ mode: d.mode, simulated: d.simulated, token: d.callbackToken, aesKey: d.aesKey }).toEqual({ mode: "disabled", simulated: false, token: undefined, aesKey: undefined });
    expect(d.loginBase).toBe("https://login.dingtalk.com");
    expect(wecomConfig()).toMatchObject({ mode: "real", simulated: false, oauthAuthorizeUrl: "https://open.weixin.qq.com/connect/oauth2/authorize" });
    expect(meetingWebhookConfig()).toEqual({ tencentMeeting: { token: undefined, aesKey: undefined }, zoom: { webhookSecret: undefined }, agora: { ncsSecret: undefined } });
    expect([tencentMeetingRestConfig(), zoomRestConfig()]).toEqual([null, null]);
    expect([simulatorActive("any"), simulatorActive("wecom"), simulatorActive("dingtalk")]).toEqual([false, false, false]);
  });

  it("DingTalk only: WeCom has no callback keys and the simulator is off", () => {
    withEnv(DINGTALK);
    const w = wecomConfig();
    expect({ mode: w.mode, token: w.callbackToken, aesKey: w.aesKey }).toEqual({ mode: "disabled", token: undefined, aesKey: undefined });
    expect(dingtalkConfig()).toMatchObject({ mode: "real", loginBase: "https://login.dingtalk.com" });
    expect([simulatorActive("any"), simulatorActive("wecom"), simulatorActive("dingtalk")]).toEqual([false, false, false]);
  });

  it("a configured callback key of a disabled vendor still does not enable it", () => {
    withEnv({ ...WECOM, DINGTALK_CALLBACK_TOKEN: "operatorToken" });
    expect(dingtalkConfig().mode).toBe("disabled");
  });

  it("SIMULATOR=on beside WeCom: DingTalk and the meeting platforms are simulated with the public keys", () => {
    withEnv({ ...WECOM, SIMULATOR: "on" });
    expect(dingtalkConfig()).toMatchObject({ mode: "simulated", callbackToken: SIM.dingtalk.callbackToken, loginBase: "http://qd.test/sim/dingtalk/login" });
    expect(wecomConfig()).toMatchObject({ mode: "real", callbackToken: undefined });
    expect(meetingWebhookConfig().zoom.webhookSecret).toBe(SIM.zoom.webhookSecret);
    expect([simulatorActive("any"), simulatorActive("wecom"), simulatorActive("dingtalk")]).toEqual([true, false, true]);
  });

  it("none configured: the demo, everything simulated", () => {
    withEnv({});
    expect([wecomConfig().callbackToken, dingtalkConfig().callbackToken]).toEqual([SIM.wecom.callbackToken, SIM.dingtalk.callbackToken]);
    expect(meetingWebhookConfig().agora.ncsSecret).toBe(SIM.agora.ncsSecret);
    expect([simulatorActive("any"), simulatorActive("wecom"), simulatorActive("dingtalk")]).toEqual([true, true, true]);
  });
});
