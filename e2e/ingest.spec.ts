// Vendor callbacks over real HTTP against `next start` (simulator keys): every vendor acked in its own format,
// redeliveries acked, refusals are 4xx with a reason (a round of the fuzzer), and HR sees the event in the
// Integrations inbox with personal data masked once the worker has handled it.
import { expect, test } from "@playwright/test";
import { fuzzRound } from "../lib/ingest/testing/fuzz-cases";
import { currentCallbackKeys } from "../lib/ingest/testing/keys";
import { agoraJoinEvent, agoraSignedPost } from "../lib/vendors/agora/sender";
import { dingtalkReplyIsSuccess, dingtalkSignedPost, dingtalkUserEvent } from "../lib/vendors/dingtalk/sender";
import { tencentMeetingSignedCheck, tencentMeetingSignedPost, tencentParticipantEvent } from "../lib/vendors/tencent-meeting/sender";
import { type SignedRequest, wecomSignedPost, wecomSignedVerify, wecomTextMessage } from "../lib/vendors/wecom/sender";
import { zoomParticipantEvent, zoomSignedPost } from "../lib/vendors/zoom/sender";
import { demoPeople, loginAs } from "./fixtures";

const keys = currentCallbackKeys();

async function send(request: import("@playwright/test").APIRequestContext, r: SignedRequest) {
  return r.method === "GET"
    ? request.get(r.pathAndQuery, { headers: r.headers })
    : request.post(r.pathAndQuery, { headers: r.headers, data: r.body ?? "" });
}

test.describe("vendor callbacks (API)", () => {
  test("every vendor's signed event is acked in the vendor's format; a redelivery is acked too", async ({ request }) => {
    const w = wecomSignedPost(keys.wecom, wecomTextMessage(keys.wecom.corpId, "zhangsan", `e2e${Date.now()}`, "你好"));
    for (let i = 0; i < 2; i++) {
      const r = await send(request, w);
      expect(r.status()).toBe(200);
      expect(await r.text()).toBe("");
    }
    const d = dingtalkSignedPost(keys.dingtalk, dingtalkUserEvent("user_add_org", keys.dingtalk.corpId, ["u1"], `e2e-${Date.now()}`));
    const dr = await send(request, d);
    expect(dr.status()).toBe(200);
    expect(dingtalkReplyIsSuccess(keys.dingtalk, await dr.json())).toBe(true);
    const tm = await send(request, tencentMeetingSignedPost(keys.tencentMeeting, tencentParticipantEvent("joined", "m-e2e", "lisi")));
    expect([tm.status(), await tm.text()]).toEqual([200, "successfully received callback"]);
    const z = await send(request, zoomSignedPost(keys.zoom, zoomParticipantEvent("joined", "mu-e2e", "pu-e2e")));
    expect(z.status()).toBe(200);
    const a = await send(request, agoraSignedPost(keys.agora, agoraJoinEvent("e2e", 1)));
    expect(a.status()).toBe(200);
    expect(await a.json()).toEqual({});
  });

  test("URL verification answers plain text", async ({ request }) => {
    const w = await send(request, wecomSignedVerify(keys.wecom, "8675309"));
    expect(w.status()).toBe(200);
    expect(w.headers()["content-type"]).toMatch(/^text\/plain/);
    expect(await w.text()).toBe("8675309");
    const t = await send(request, tencentMeetingSignedCheck(keys.tencentMeeting, "hello-tm"));
    expect(await t.text()).toBe("hello-tm");
    const z = await send(request, zoomSignedPost(keys.zoom, { event: "endpoint.url_validation", event_ts: Date.now(), payload: { plainToken: "abc" } }));
    expect((await z.json()).plainToken).toBe("abc");
  });

  test("one fuzz round across every route: only 4xx, each with a reason", async ({ request }) => {
    const bad: string[] = [];
    for (const c of fuzzRound(keys, 4242)) {
      const r = await send(request, c);
      if (r.status() < 400 || r.status() >= 500) bad.push(`${c.name} → ${r.status()}`);
      else if (!(await r.json()).reason) bad.push(`${c.name} → no reason`);
    }
    expect(bad).toEqual([]);
  });
});

test("HR sees a callback in the Integrations inbox, handled, with the mobile number masked", async ({ page, request }) => {
  const msgId = `e2emask${Date.now()}`;
  const r = await send(request, wecomSignedPost(keys.wecom, wecomTextMessage(keys.wecom.corpId, "wangwu", msgId, "我的手机 13812345678")));
  expect(r.status()).toBe(200);
  await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo, ua: "pc" });
  await expect(async () => {
    await page.goto("/console/integrations?source=wecom&type=msg.text&status=handled");
    await page.getByTestId(/^inbox-row-/).first().getByRole("link").click();
    await expect(page.getByTestId("payload")).toContainText(msgId, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("payload")).toContainText("138****5678");
  await expect(page.getByTestId("payload")).not.toContainText("13812345678");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/ingest-integrations.png", fullPage: true });
});
