// Deployment modes through the route handlers on a real database (issue 10 item 1): beside a configured vendor,
// the simulator's control routes answer 404 and callbacks signed with the simulator's public keys are refused
// with nothing written, for the disabled vendor and for the meeting platforms; the demo still takes them.
import { count } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dispatchCallback } from "@/app/api/callbacks/dispatch.testkit";
import * as simOrg from "@/app/api/sim/org/route";
import * as simFaults from "@/app/api/sim/faults/route";
import * as simDingtalkOapi from "@/app/api/sim/dingtalk/oapi/[...path]/route";
import { inboxEvents } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { useDatabaseForRoutes } from "@/lib/ingest/testing/db";
import { currentCallbackKeys, type CallbackKeys } from "@/lib/ingest/testing/keys";
import { agoraJoinEvent, agoraSignedPost } from "@/lib/vendors/agora/sender";
import { dingtalkSignedPost, dingtalkUserEvent } from "@/lib/vendors/dingtalk/sender";
import { tencentMeetingSignedPost, tencentParticipantEvent } from "@/lib/vendors/tencent-meeting/sender";
import { wecomContactEvent, wecomSignedPost } from "@/lib/vendors/wecom/sender";
import { zoomParticipantEvent, zoomSignedPost } from "@/lib/vendors/zoom/sender";
import { createTestDatabase, type TestDatabase } from "@/tests/db";

const NONE = {
  WECOM_CORP_ID: "",
  WECOM_SECRET: "",
  DINGTALK_CLIENT_ID: "",
  DINGTALK_CLIENT_SECRET: "",
  SIMULATOR: "",
  WECOM_CALLBACK_TOKEN: "",
  WECOM_CALLBACK_AES_KEY: "",
  DINGTALK_CALLBACK_TOKEN: "",
  DINGTALK_CALLBACK_AES_KEY: "",
  TENCENT_MEETING_TOKEN: "",
  TENCENT_MEETING_AES_KEY: "",
  ZOOM_WEBHOOK_SECRET: "",
  AGORA_NCS_SECRET: "",
  APP_URL: "http://localhost:3000",
};
const WECOM = { WECOM_CORP_ID: "wwfake0000000001", WECOM_SECRET: "fake-wecom-secret" };
const DINGTALK = { DINGTALK_CLIENT_ID: "dingfakeappkey01", DINGTALK_CLIENT_SECRET: "fake-dingtalk-secret" };

function withEnv(vars: Record<string, string>) {
  vi.unstubAllEnvs();
  for (const [k, v] of Object.entries({ ...NONE, ...vars })) vi.stubEnv(k, v);
  resetEnvForTests();
}

let t: TestDatabase;
let simKeys: CallbackKeys;
const rows = async () => (await t.database.db.select({ n: count() }).from(inboxEvents))[0].n;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.database);
  withEnv({});
  simKeys = currentCallbackKeys(); // the simulator's public keys, as anyone can read them in the source
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, body: unknown) => new Request(`http://localhost:3000${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
// The audit's first step: plant a DingTalk user carrying the admin's employee number in the simulated directory.
const addUser = { op: "add_user", vendor: "dingtalk", user: { userid: "planted01", name: "冒名者", jobNumber: "QD00001", departments: [1] } };

const forged = (k: CallbackKeys, tag: string) => ({
  wecom: wecomSignedPost(k.wecom, wecomContactEvent(k.wecom.corpId, "delete_user", { UserID: "zhangsan" })),
  dingtalk: dingtalkSignedPost(k.dingtalk, dingtalkUserEvent("user_leave_org", k.dingtalk.corpId, ["admin01"], `forged-${tag}`)),
  tencent: tencentMeetingSignedPost(k.tencentMeeting, tencentParticipantEvent("joined", `m-${tag}`, "lisi", `trace-${tag}`)),
  zoom: zoomSignedPost(k.zoom, zoomParticipantEvent("joined", `mu-${tag}`, "pu-1")),
  agora: agoraSignedPost(k.agora, agoraJoinEvent(`room-${tag}`, 42, "join", `n:${tag}:107`)),
});

describe.each([
  { name: "WeCom only", vars: WECOM, disabled: "dingtalk" as const },
  { name: "DingTalk only", vars: DINGTALK, disabled: "wecom" as const },
  { name: "both", vars: { ...WECOM, ...DINGTALK }, disabled: null },
])("$name", ({ name, vars, disabled }) => {
  it("the simulator's control and vendor routes answer 404", async () => {
    withEnv(vars);
    const org = await simOrg.POST(post("/api/sim/org", addUser));
    expect(org.status).toBe(404);
    expect((await simOrg.GET()).status).toBe(404);
    expect((await simFaults.POST(post("/api/sim/faults", { vendor: "dingtalk", api: "*", kind: "5xx" }))).status).toBe(404);
    const token = await simDingtalkOapi.GET(new Request(`http://localhost:3000/api/sim/dingtalk/oapi/gettoken?appkey=${simKeys.dingtalk.ownerKey}&appsecret=x`), { params: Promise.resolve({ path: ["gettoken"] }) });
    expect(token.status).toBe(404);
  });

  it("callbacks signed with the simulator's public keys are refused (403 with a reason) and nothing is stored", async () => {
    withEnv(vars);
    const before = await rows();
    const reqs = forged(simKeys, name.replace(/\W/g, ""));
    const answers: Record<string, [number, string]> = {};
    for (const [k, r] of Object.entries(reqs)) {
      const res = await dispatchCallback(r);
      answers[k] = [res.status, ((await res.json()) as { reason?: string }).reason ?? ""];
    }
    expect(Object.values(answers).map(([s]) => s)).toEqual([403, 403, 403, 403, 403]);
    if (disabled) expect(answers[disabled][1]).toBe(`${disabled === "wecom" ? "WeCom" : "DingTalk"} is not enabled on this server`);
    expect(await rows()).toBe(before);
  });
});

describe("the demo and SIMULATOR=on keep the simulator", () => {
  it("none configured: the simulator's routes answer and its signed callbacks are stored", async () => {
    withEnv({});
    const before = await rows();
    const r = await dispatchCallback(forged(simKeys, "demo").dingtalk);
    expect(r.status).toBe(200);
    expect(await rows()).toBe(before + 1);
    expect((await simOrg.GET()).status).toBe(200);
  });

  it("SIMULATOR=on beside WeCom: the DingTalk simulator runs (add_user answers 200) and its callbacks are taken", async () => {
    withEnv({ ...WECOM, SIMULATOR: "on" });
    const org = await simOrg.POST(post("/api/sim/org", { ...addUser, user: { ...addUser.user, userid: "staging01" } }));
    expect(org.status).toBe(200);
    const before = await rows();
    expect((await dispatchCallback(forged(simKeys, "staging").dingtalk)).status).toBe(200);
    expect(await rows()).toBe(before + 1);
    // WeCom is real here: its simulator keys are not the configured ones.
    expect((await dispatchCallback(forged(simKeys, "staging").wecom)).status).toBe(403);
  });
});
