// Our own approval flows on phones (issue 15 item 2), on the suite's shared server: an employee files 3 days of
// leave, sees the path before submitting (their leader, then HR), the leader agrees on the item page, HR is asked
// only then and agrees, and the applicant sees "审批通过" with who decided what; a second application is
// withdrawn before anyone decides; the 补卡 form shows the corrections left this period. Leave dates are in 2031
// (a different day per run) so repeated runs on a kept database touch no real attendance.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test.setTimeout(240_000);

async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

// The base day is fixed once per run: computed per call, two calls a second apart (start, then end) moved the
// base by three days and turned a one-day leave into four (a flake that showed under load).
const BASE_DAYS = (Math.floor(Date.now() / 1000) % 300) * 3;
const day = (offset: number) => new Date(Date.UTC(2031, 0, 1) + (BASE_DAYS + offset) * 86_400_000).toISOString().slice(0, 10);

test("leave: the path before submit, the leader then HR decide, the applicant sees who decided what", async ({ browser }) => {
  const { employee, hr, all } = demoPeople();
  const emp = await phone(browser, employee.employeeNo);
  await emp.goto("/todos");
  await emp.getByTestId("apply-leave-link").click();
  await expect(emp).toHaveURL(/\/todos\/apply\/leave$/);
  await emp.getByTestId("apply-start").fill(day(0));
  await emp.getByTestId("apply-end").fill(day(2));
  await expect(emp.getByTestId("apply-days")).toHaveText("共 3 天");
  const steps = emp.getByTestId("apply-path-step");
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(1)).toContainText(hr.name);
  const leaderName = ((await steps.nth(0).textContent()) ?? "").split(" · ").pop()!.trim();
  const leaders = all.filter((e) => e.name === leaderName);
  expect(leaders, `one demo person named ${leaderName}`).toHaveLength(1);
  await emp.getByTestId("apply-reason").fill("回老家");
  await emp.screenshot({ path: "test-results/approval-flows/01-apply-leave.png", fullPage: true });
  await emp.getByTestId("apply-submit").click();
  await expect(emp).toHaveURL(/\/todos\/approvals\/\d+$/);
  const itemPath = new URL(emp.url()).pathname;
  await expect(emp.getByTestId("approval-step")).toHaveCount(2);
  await expect(emp.getByTestId("approval-step").nth(0)).toHaveAttribute("data-status", "active");
  await expect(emp.getByTestId("approval-withdraw")).toBeVisible();

  // HR is not asked yet: nothing to decide on the item page.
  const hrPhone = await phone(browser, hr.employeeNo);
  await hrPhone.goto(itemPath);
  await expect(hrPhone.getByTestId("decide-agree")).toHaveCount(0);

  const boss = await phone(browser, leaders[0].employeeNo);
  await boss.goto(itemPath);
  await boss.getByTestId("decide-agree").click();
  await expect(boss.getByTestId("approval-step").nth(0)).toHaveAttribute("data-status", "agreed");
  await expect(boss.getByTestId("approval-step").nth(1)).toHaveAttribute("data-status", "active");

  await hrPhone.goto(itemPath);
  await hrPhone.getByTestId("decide-agree").click();
  await expect(hrPhone.getByTestId("approval-result")).toHaveText("审批通过");

  await emp.goto(itemPath);
  await expect(emp.getByTestId("approval-status")).toHaveText("已处理");
  await expect(emp.getByTestId("approval-result")).toHaveText("审批通过");
  await expect(emp.getByTestId("approval-step").nth(0)).toContainText(`${leaderName} · 同意`);
  await expect(emp.getByTestId("approval-step").nth(1)).toContainText(`${hr.name} · 同意`);
  await expect(emp.getByTestId("approval-withdraw")).toHaveCount(0);
  await expect(emp.locator('[data-testid="approval-event"][data-kind="submit"]')).toHaveCount(1);
  await expect(emp.locator('[data-testid="approval-event"][data-kind="decide"]')).toHaveCount(2);
  await emp.screenshot({ path: "test-results/approval-flows/02-approved.png", fullPage: true });
});

test("withdraw before anyone decides; the 补卡 form shows the corrections left", async ({ browser }) => {
  const { employee } = demoPeople();
  const emp = await phone(browser, employee.employeeNo);
  await emp.goto("/todos/apply/leave");
  await emp.getByTestId("apply-start").fill(day(5));
  await emp.getByTestId("apply-end").fill(day(5));
  await expect(emp.getByTestId("apply-path-step")).toHaveCount(1);
  await emp.getByTestId("apply-reason").fill("体检");
  await emp.getByTestId("apply-submit").click();
  await expect(emp).toHaveURL(/\/todos\/approvals\/\d+$/);
  emp.once("dialog", (d) => void d.accept());
  await emp.getByTestId("approval-withdraw").click();
  await expect(emp.getByTestId("approval-status")).toHaveText("已撤回");
  await expect(emp.getByTestId("approval-cancelled")).toHaveText("申请人已撤回这条申请。");
  await expect(emp.locator('[data-testid="approval-event"][data-kind="withdraw"]')).toContainText("撤回申请");

  await emp.goto("/todos/apply/correction");
  await expect(emp.getByTestId("apply-path-step")).toHaveCount(1);
  await expect(emp.getByTestId("apply-remaining")).toContainText("还可补卡");
  // the path and the corrections left come in the page's own HTML (rendered on the server, not a round trip after
  // hydration — on a phone they were the page's largest text and its LCP, issue 12)
  for (const path of ["/todos/apply/correction", "/todos/apply/leave"]) {
    const html = await (await emp.request.get(path)).text();
    expect(html, path).toContain('data-testid="apply-path-step"');
    if (path.endsWith("correction")) expect(html).toMatch(/data-testid="apply-remaining" data-remaining="\d+"/);
  }
  await emp.screenshot({ path: "test-results/approval-flows/03-apply-correction.png", fullPage: true });
});
