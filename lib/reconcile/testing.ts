// Test support: a Tencent Meeting REST client wired to the simulator's route handler in-process (the same request,
// the same X-TC-* signature check as over HTTP), for the reconciliation tests.
import { TM_SIM_REST } from "@/lib/vendors/sim/tencent-meeting-state";
import { type TencentMeetingRestConfig, tencentMeetingClient } from "@/lib/vendors/tencent-meeting/client";
import { GET as simGET } from "@/app/api/sim/tencent-meeting/[...path]/route";

export const TM_SIM_BASE = "http://localhost/api/sim/tencent-meeting";

export const tencentSimFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const path = url.pathname.replace("/api/sim/tencent-meeting/", "").split("/");
  return simGET(new Request(url, init), { params: Promise.resolve({ path }) });
};

export function tencentSimClient(extra: Partial<TencentMeetingRestConfig> = {}) {
  return tencentMeetingClient({ baseUrl: TM_SIM_BASE, ...TM_SIM_REST, fetch: tencentSimFetch, ...extra });
}
