// Reconciliation in the browser, per vendor: the simulator records participant events and delivers all but one
// (a deliberately lost webhook/callback); an admin reconciles that one meeting from the sync console and the lost
// event is filled (补齐 1); running it again adds nothing. Screenshots go to test-results/reconcile/.
import { expect, test, type Page } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

const shots = (name: string) => `test-results/reconcile/${name}.png`;

async function reconcileMeeting(page: Page, source: "zoom", title: string): Promise<void> {
  const select = page.getByTestId(`reconcile-meeting-${source}`);
  // The first delivered event creates the meeting; the inbox worker may take a moment.
  await expect(async () => {
    await page.reload();
    await expect(select.locator("option", { hasText: title })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const value = await select.locator("option", { hasText: title }).getAttribute("value");
  await select.selectOption(value!);
  await page.getByTestId(`reconcile-meeting-run-${source}`).click();
}

test.describe("Reconciliation console", () => {
  test.use({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });

  test("Zoom: a dropped participant_joined is filled from the report; a second run adds nothing", async ({ page, request }) => {
    const stamp = Date.now();
    const meetingId = `85${String(stamp).slice(-9)}`;
    const topic = `E2E Zoom 对账 ${stamp}`;
    const at = (s: number) => new Date(stamp - 120_000 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const send = (userId: string, s: number, drop: boolean) =>
      request.post("/api/sim/zoom/events", { data: { event: "meeting.participant_joined", meetingId, topic, userId, at: at(s), drop } });
    expect((await (await send(`e2e-a-${stamp}`, 0, false)).json()).delivered).toBe(true);
    expect((await (await send(`e2e-b-${stamp}`, 30, true)).json()).delivered).toBe(false);

    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().admin.employeeNo, ua: "pc" });
    await page.goto("/console/sync");
    await expect(page.getByTestId("watermark-zoom")).toBeVisible();
    await expect(page.getByTestId("watermark-wecom")).toBeVisible();
    await reconcileMeeting(page, "zoom", topic);
    await expect(page.getByRole("status")).toContainText("补齐 1 条");
    await page.screenshot({ path: shots("zoom"), fullPage: true });

    await reconcileMeeting(page, "zoom", topic);
    await expect(page.getByRole("status")).toContainText("补齐 0 条");
  });
});
