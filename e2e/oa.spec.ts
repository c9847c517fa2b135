// OA sync in the browser: an admin creates an API key (shown once), the OA pulls with it, the admin revokes it
// (401 after); sync health and reconciliation; the API docs page. Screenshots go to test-results/oa/.
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

const shots = (name: string) => `test-results/oa/${name}.png`;

test.describe("OA sync console", () => {
  test.use({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });

  test("API key: create once, pull with it, revoke → 401", async ({ page, request }) => {
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().admin.employeeNo, ua: "pc" });
    await page.goto("/console/api-keys");
    await expect(page.getByTestId("api-keys")).toBeVisible();
    await expect(page.locator("#key-rate")).toHaveValue("120"); // OA_API_RATE_LIMIT_PER_MINUTE (default)
    await page.getByLabel("名称").fill("OA 考勤拉取");
    await page.getByRole("checkbox", { name: "员工（只读）" }).check();
    await page.getByTestId("create-key").click();
    const key = (await page.getByTestId("new-key-value").textContent())!.trim();
    expect(key).toMatch(/^qd_[A-Za-z0-9]{40}$/);
    await page.screenshot({ path: shots("api-keys"), fullPage: true });

    const ok = await request.get("/api/v1/employees?limit=5", { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status()).toBe(200);
    const body = (await ok.json()) as { data: { employee_no: string }[]; next_cursor: string; complete_up_to: string };
    expect(Array.isArray(body.data)).toBe(true);
    expect(body.complete_up_to).toMatch(/Z$/);
    expect((await request.get("/api/v1/meetings", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(403);

    await page.reload();
    await expect(page.getByTestId("new-key")).toHaveCount(0); // never shown again
    await page.getByTestId("api-key-row").first().getByTestId("revoke-key").click();
    await expect(page.getByRole("status")).toContainText("已吊销");
    expect((await request.get("/api/v1/employees", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
  });

  test("sync health and on-demand reconciliation; API docs", async ({ page }) => {
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().admin.employeeNo, ua: "pc" });
    await page.goto("/console/sync");
    await expect(page.getByTestId("sync-health")).toBeVisible();
    await expect(page.getByTestId("sink-none")).toBeVisible();
    await expect(page.getByTestId("sink-none").getByTestId("stat-lag")).toContainText("超过 15 分钟会提醒管理员"); // OA_LAG_ALERT_MINUTES
    await page.getByTestId("reconcile-tencent_meeting").click();
    await expect(page.getByRole("status")).toContainText("对账完成");
    await expect(page.getByTestId("reconcile-run").first()).toBeVisible();
    await expect(page.getByTestId("watermark-tencent_meeting")).not.toContainText("尚未核对");
    await page.screenshot({ path: shots("sync"), fullPage: true });

    await page.goto("/console/api-docs");
    await expect(page.getByTestId("api-path")).toHaveCount(3);
    await expect(page.getByText("/api/v1/meeting-attendance")).toBeVisible();
    await page.screenshot({ path: shots("api-docs"), fullPage: true });
  });

  test("HR reads sync health but cannot act; API keys are admin-only", async ({ page }) => {
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo, ua: "pc" });
    await page.goto("/console/sync");
    await expect(page.getByTestId("sync-health")).toBeVisible();
    await expect(page.getByTestId("reconcile-tencent_meeting")).toHaveCount(0);
    await page.goto("/console/api-keys");
    await expect(page.getByTestId("forbidden")).toBeVisible();
  });
});
