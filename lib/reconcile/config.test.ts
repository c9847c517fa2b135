// Which vendor API reconciliation talks to: real credentials when set, the simulator while the whole app is in
// simulator mode, otherwise not configured (never the simulator beside real WeCom/DingTalk).
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { SIM, tencentMeetingRestConfig, zoomRestConfig } from "@/lib/vendors/config";
import { reconcileSourceConfigured } from "./run";

function withEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

const noVendors = { WECOM_CORP_ID: "", WECOM_SECRET: "", DINGTALK_CLIENT_ID: "", DINGTALK_CLIENT_SECRET: "", APP_URL: "http://qd.test" };

describe("reconciliation vendor config", () => {
  it("uses the simulator in simulator mode", () => {
    withEnv({ ...noVendors, TENCENT_MEETING_APP_ID: "", TENCENT_MEETING_SECRET_ID: "", TENCENT_MEETING_SECRET_KEY: "", TENCENT_MEETING_OPERATOR_ID: "", ZOOM_ACCOUNT_ID: "", ZOOM_CLIENT_ID: "", ZOOM_CLIENT_SECRET: "" });
    expect(tencentMeetingRestConfig()).toMatchObject({ simulated: true, apiBase: "http://qd.test/api/sim/tencent-meeting", secretId: SIM.tencentMeeting.rest.secretId });
    expect(zoomRestConfig()).toMatchObject({ simulated: true, apiBase: "http://qd.test/api/sim/zoom", oauthBase: "http://qd.test/api/sim/zoom", clientId: SIM.zoom.clientId });
  });

  it("uses real credentials when set, with the vendors' own hosts by default", () => {
    withEnv({
      ...noVendors,
      TENCENT_MEETING_APP_ID: "200000001",
      TENCENT_MEETING_SDK_ID: "18000000001",
      TENCENT_MEETING_SECRET_ID: "AKIDreal",
      TENCENT_MEETING_SECRET_KEY: "realkey",
      TENCENT_MEETING_OPERATOR_ID: "admin",
      ZOOM_ACCOUNT_ID: "acc",
      ZOOM_CLIENT_ID: "cid",
      ZOOM_CLIENT_SECRET: "csecret",
    });
    expect(tencentMeetingRestConfig()).toEqual({ simulated: false, apiBase: "https://api.meeting.qq.com", appId: "200000001", sdkId: "18000000001", secretId: "AKIDreal", secretKey: "realkey", operatorId: "admin" });
    expect(zoomRestConfig()).toEqual({ simulated: false, apiBase: "https://api.zoom.us", oauthBase: "https://zoom.us", accountId: "acc", clientId: "cid", clientSecret: "csecret" });
  });

  it("is not configured beside real WeCom/DingTalk without its own credentials", () => {
    withEnv({ WECOM_CORP_ID: "wwreal", WECOM_SECRET: "s", DINGTALK_CLIENT_ID: "", DINGTALK_CLIENT_SECRET: "", TENCENT_MEETING_SECRET_ID: "AKIDonly", ZOOM_ACCOUNT_ID: "", ZOOM_CLIENT_ID: "", ZOOM_CLIENT_SECRET: "" });
    expect(tencentMeetingRestConfig()).toBeNull();
    expect(zoomRestConfig()).toBeNull();
    expect(reconcileSourceConfigured("zoom")).toBe(false);
    expect(reconcileSourceConfigured("wecom")).toBe(true);
  });
});
