// A meeting Tencent Meeting created (no invitees, default thresholds) is adopted in the app: HR opens 认领并设置,
// sees the vendor's invitee list (GET /v1/meetings/{id}/invitees, served by the simulator) mapped through the
// identity ledger, adds someone by employee number, sets the late threshold, and the attendance is recomputed.
// Screenshots (PC console 1440×900, phone 390×844) go to test-results/adopt/.
import { expect, test, type Page } from "@playwright/test";
import { TM_SIM_REST } from "../lib/vendors/sim/tencent-meeting-state";
import { tencentRestHeaders } from "../lib/vendors/tencent-meeting/client";
import { demoPeople, loginAs, UA } from "./fixtures";

const shots = (name: string) => `test-results/adopt/${name}.png`;

test("HR adopts a meeting Tencent Meeting created: vendor invitees, thresholds, recomputed attendance", async ({ browser }) => {
  test.setTimeout(180_000);
  const people = demoPeople();
  const [A, B, C, D] = people.all.filter((e) => e.role === "employee" && !e.isLeader && e.departmentCode.startsWith("D13")).slice(0, 4);
  const vendorId = `tm-adopt-${Date.now()}`;
  const subject = `季度复盘 ${vendorId.slice(-5)}`;
  const start = Date.now() - 2 * 3600_000; // the simulator puts start_time 60 s before the first event, end_time an hour after

  const pc = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await pc.newPage();
  await page.goto("/api/health");
  const event = async (kind: "joined" | "left", userid: string, at: number) => {
    const r = await page.request.post("/api/sim/tencent-meeting/events", { data: { event: `meeting.participant-${kind}`, meetingId: vendorId, subject, userid, operateTime: at } });
    expect(r.status(), await r.text()).toBe(200);
    expect(await r.json()).toMatchObject({ recorded: true, delivered: true });
  };
  await event("joined", A.wecomUserId, start); // on time
  await event("joined", B.wecomUserId, start + 20 * 60_000); // 20 minutes late
  await event("left", A.wecomUserId, start + 61 * 60_000);
  await event("left", B.wecomUserId, start + 61 * 60_000);
  // The creator's invitee list on the vendor (tm 63659, a signed PUT): C never joins; the guest is not in our ledger.
  const uri = `/v1/meetings/${vendorId}/invitees`;
  const body = JSON.stringify({ userid: "admin", instanceid: 1, invitees: [A, B, C].map((p) => ({ userid: p.wecomUserId })).concat([{ userid: "guest-visitor" }]) });
  const put = await page.request.put(`/api/sim/tencent-meeting${uri}`, {
    headers: tencentRestHeaders(TM_SIM_REST, "PUT", uri, body, { timestamp: String(Math.floor(Date.now() / 1000)), nonce: String(Date.now() % 1e9) }),
    data: body,
  });
  expect(put.status(), await put.text()).toBe(200);

  await loginAs(page, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  let href: string | null = null;
  await expect(async () => {
    await page.goto("/console/meetings");
    href = await page.getByRole("link", { name: subject }).getAttribute("href", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const id = Number(/\/console\/meetings\/(\d+)$/.exec(href!)![1]);

  await page.goto(`/console/meetings/${id}`);
  const panel = page.getByTestId("adopt-panel");
  await expect(panel).toContainText("此会议由腾讯会议自动创建");
  await panel.getByTestId("adopt-open").click();
  const list = panel.getByTestId("adopt-vendor-list");
  await expect(list.locator("li")).toHaveCount(4);
  await expect(list.locator('li[data-userid="guest-visitor"]')).toHaveAttribute("data-matched", "false");
  await expect(list.locator('li[data-userid="guest-visitor"]')).toContainText("未在身份台账中");
  for (const p of [A, B, C]) await expect(list.locator(`li[data-userid="${p.wecomUserId}"]`)).toContainText(p.name);
  await panel.getByTestId("adopt-nos").fill(D.employeeNo);
  await panel.getByTestId("adopt-late").fill("30");
  await page.screenshot({ path: shots("console-panel"), fullPage: true });
  await panel.getByTestId("adopt-submit").click();
  // The background pull (reconcile.invitees) may already have invited A, B and C: D is always new.
  await expect(panel.getByTestId("adopt-done")).toContainText(/已新增 [14] 位受邀人（共 4 人）/);
  await expect(panel.getByTestId("adopt-current")).toHaveText("当前受邀 4 人 · 迟到阈值 30 分钟 · 早退阈值 10 分钟");

  const statusOf = (p: { employeeNo: string }) => page.locator(`[data-testid=attendance-table] tr[data-employee-no="${p.employeeNo}"]`);
  await expect(async () => {
    await page.reload();
    await expect(statusOf(A)).toHaveAttribute("data-status", "on_time", { timeout: 1000 });
    await expect(statusOf(B)).toHaveAttribute("data-status", "on_time", { timeout: 1000 }); // 20 min late is on time under 30
    await expect(statusOf(C)).toHaveAttribute("data-status", "absent", { timeout: 1000 });
    await expect(statusOf(D)).toHaveAttribute("data-status", "absent", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: shots("console-after"), fullPage: true });
  await pc.close();

  // The workbench page on a phone: the same panel, for the organiser or HR.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const m: Page = await phone.newPage();
  await loginAs(m, { vendor: "wecom", employeeNo: people.hr.employeeNo });
  await m.goto(`/meetings/${id}`);
  await expect(m.getByTestId("adopt-current")).toHaveText("当前受邀 4 人 · 迟到阈值 30 分钟 · 早退阈值 10 分钟");
  await m.getByTestId("adopt-open").click();
  await expect(m.getByTestId("adopt-vendor-list").locator("li")).toHaveCount(4);
  await expect(m.getByTestId("adopt-vendor-list").getByText("已受邀")).toHaveCount(3);
  await m.getByTestId("adopt-panel").scrollIntoViewIfNeeded();
  await m.screenshot({ path: shots("phone-panel"), fullPage: true });

  // An employee who neither organises nor is HR sees no panel and the API refuses them.
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const o = await other.newPage();
  await loginAs(o, { vendor: "wecom", employeeNo: C.employeeNo });
  await o.goto(`/meetings/${id}`);
  await expect(o.getByTestId("meeting-title")).toHaveText(subject);
  await expect(o.getByTestId("adopt-panel")).toHaveCount(0);
  const refused = await o.request.post(`/api/meetings/${id}/adopt`, { data: { lateAfterMinutes: 0, earlyLeaveMinutes: 0 }, headers: { origin: new URL(o.url()).origin } });
  expect(refused.status()).toBe(403);
  await phone.close();
  await other.close();
});
