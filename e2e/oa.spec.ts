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
    await expect(page.getByTestId("api-path")).toHaveCount(8); // meetings, meeting-attendance, employees, attendance-days, punches GET + POST, approval-items POST, approvals GET
    await expect(page.getByText("/api/v1/punches", { exact: true })).toHaveCount(2); // GET and POST
    await expect(page.getByText("/api/v1/attendance-days")).toBeVisible();
    await expect(page.getByText("/api/v1/meeting-attendance")).toBeVisible();
    await page.screenshot({ path: shots("api-docs"), fullPage: true });
  });

  test("HR reads sync health but cannot act; API keys are admin-only", async ({ page, browser }) => {
    // The admin's page carries the reconcile form; its server action id is what a hidden button would post.
    const adminCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    const admin = await adminCtx.newPage();
    await loginAs(admin, { vendor: "wecom", employeeNo: demoPeople().admin.employeeNo, ua: "pc" });
    await admin.goto("/console/sync");
    const form = admin.getByTestId("reconcile-tencent_meeting").locator("xpath=ancestor::form");
    const actionField = await form.locator('input[name^="$ACTION_ID_"]').getAttribute("name");
    expect(actionField).toMatch(/^\$ACTION_ID_[0-9a-f]+$/);
    await adminCtx.close();

    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo, ua: "pc" });
    await page.goto("/console/sync");
    await expect(page.getByTestId("sync-health")).toBeVisible();
    await expect(page.getByTestId("reconcile-tencent_meeting")).toHaveCount(0);
    const runsBefore = await page.getByTestId("reconcile-run").count();
    // HR posts the admin's form anyway: reconcileNowAction's own check refuses it and nothing runs.
    await page.evaluate((name) => {
      const f = document.createElement("form");
      f.method = "POST";
      f.enctype = "multipart/form-data";
      f.action = "/console/sync";
      for (const [k, v] of [[name, ""], ["source", "tencent_meeting"], ["days", "1"]]) {
        const i = document.createElement("input");
        i.type = "hidden";
        i.name = k;
        i.value = v;
        f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    }, actionField!);
    await page.waitForURL(/\/console\/sync\?error=forbidden$/);
    await expect(page.locator("main").getByRole("alert")).toHaveText("只有管理员可以执行此操作。");
    await expect(page.locator("main").getByRole("status")).toHaveCount(0); // no "对账完成"
    await expect(page.getByTestId("reconcile-run")).toHaveCount(runsBefore);

    // The navigation offers HR only what opens for them, and the refusal names who the page is for.
    await expect(page.locator('a[href="/console/sync"]').first()).toBeVisible();
    await expect(page.locator('a[href="/console/api-keys"]')).toHaveCount(0);
    await page.goto("/console/api-keys");
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await expect(page.getByTestId("forbidden")).toContainText("只对管理员开放");
    await expect(page.getByTestId("create-key")).toHaveCount(0);
  });
});
