// The callback keys the app verifies with (from lib/vendors/config), shaped for the vendor senders.
// Used by tests, the simulator page, the fuzzer, the crash test and the benchmark.
import { dingtalkConfig, meetingWebhookConfig, wecomConfig } from "@/lib/vendors/config";

export function currentCallbackKeys() {
  const w = wecomConfig();
  const d = dingtalkConfig();
  const m = meetingWebhookConfig();
  return {
    wecom: { token: w.callbackToken ?? "", aesKey: w.aesKey ?? "", corpId: w.corpId, agentId: w.agentId },
    dingtalk: { token: d.callbackToken ?? "", aesKey: d.aesKey ?? "", ownerKey: d.clientId, corpId: d.corpId },
    tencentMeeting: { token: m.tencentMeeting.token ?? "", aesKey: m.tencentMeeting.aesKey },
    zoom: m.zoom.webhookSecret ?? "",
    agora: m.agora.ncsSecret ?? "",
  };
}
export type CallbackKeys = ReturnType<typeof currentCallbackKeys>;
