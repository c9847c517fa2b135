// 转交 and 外出代理 on phones (issue 15 item 2): the leader hands a leave application to a colleague found by search,
// who decides it while the leader can only follow it; a leader away names a delegate on 外出代理, the delegate decides
// "as agent" (a banner says so; the path and the log say who acted for whom), and the leader ends it early. Leave
// dates are in 2031 (a different day per run) so repeated runs touch no real attendance.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test.setTimeout(180_000);

async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

const day = (offset: number) => new Date(Date.UTC(2031, 6, 1) + ((Math.floor(Date.now() / 1000) % 200) * 2 + offset) * 86_400_000).toISOString().slice(0, 10);

/** One day of leave filed by `emp` through the phone's API; its item path and the leader asked. */
async function fileLeave(emp: Page, date: string, reason: string) {
  const r = await emp.request.post("/api/approvals/applications", { data: { kind: "leave", leave_type: "事假", start_date: date, end_date: date, reason } });
  expect(r.status()).toBe(201);
  const body = (await r.json()) as { item_id: number; path: { approvers: { id: number; name: string }[] }[] };
  expect(body.path).toHaveLength(1);
  const leaderName = body.path[0].approvers[0].name;
  const leader = demoPeople().all.filter((e) => e.name === leaderName);
  expect(leader, `one demo person named ${leaderName}`).toHaveLength(1);
  return { itemPath: `/todos/approvals/${body.item_id}`, leader: leader[0] };
}

test("转交: the leader hands the application to a colleague, who decides it; the leader no longer sees it", async ({ browser }) => {
  const { employee, otherManager } = demoPeople();
  const emp = await phone(browser, employee.employeeNo);
  const { itemPath, leader } = await fileLeave(emp, day(0), "家里有事");

  const boss = await phone(browser, leader.employeeNo);
  await boss.goto(itemPath);
  await boss.getByTestId("approval-transfer-open").click();
  await boss.getByTestId("transfer-to-search").fill(otherManager.employeeNo);
  await boss.getByTestId("transfer-to-results").locator(`[data-employee-no="${otherManager.employeeNo}"]`).click();
  await expect(boss.getByTestId("transfer-to-picked")).toContainText(otherManager.name);
  await boss.getByTestId("transfer-comment").fill("我在外地，请代为审批");
  await boss.screenshot({ path: "test-results/approval-delegate/01-transfer.png", fullPage: true });
  await boss.getByTestId("transfer-send").click();
  await expect(boss).toHaveURL(/\/todos\?transferred=/);
  await expect(boss.getByTestId("transferred-notice")).toHaveText(`已转交给 ${otherManager.name}`);
  await boss.goto(itemPath);
  // Off the path: the leader may still follow what they handed on, but no longer decides it.
  await expect(boss.getByTestId("approval-head")).toBeVisible();
  await expect(boss.getByTestId("decide-agree")).toHaveCount(0);

  const other = await phone(browser, otherManager.employeeNo);
  await other.goto(itemPath);
  await expect(other.locator('[data-testid="approval-event"][data-kind="transfer"]')).toContainText(`${leader.name} 转交给 ${otherManager.name}`);
  await expect(other.locator('[data-testid="approval-event"][data-kind="transfer"]')).toContainText("我在外地，请代为审批");
  await other.getByTestId("decide-agree").click();
  await expect(other.getByTestId("approval-result")).toHaveText("审批通过");
  await expect(other.getByTestId("approval-step").nth(0)).toContainText(`${otherManager.name} · 同意`);
});

test("外出代理: the delegate decides as the leader's agent, the log says so, and the leader ends it early", async ({ browser }) => {
  const { employee, outsider } = demoPeople();
  const emp = await phone(browser, employee.employeeNo);
  const { itemPath, leader } = await fileLeave(emp, day(1), "看病");

  const boss = await phone(browser, leader.employeeNo);
  await boss.goto("/todos/delegate");
  // A delegation left in force by an earlier run on a kept database is ended first.
  boss.on("dialog", (d) => void d.accept());
  while (await boss.getByTestId("delegate-end-now").count()) {
    await boss.getByTestId("delegate-end-now").first().click();
    await boss.waitForLoadState("networkidle");
  }
  await expect(boss.getByTestId("delegate-empty")).toBeVisible();
  await boss.getByTestId("delegate-to-search").fill(outsider.name);
  await boss.getByTestId("delegate-to-results").locator(`[data-employee-no="${outsider.employeeNo}"]`).click();
  await boss.getByTestId("delegate-reason").fill("年假");
  await boss.getByTestId("delegate-save").click();
  const row = boss.getByTestId("delegation");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-state", "active");
  await expect(row).toContainText(outsider.name);
  await boss.screenshot({ path: "test-results/approval-delegate/02-delegate.png", fullPage: true });
  // The same person again for an overlapping period is refused in words.
  await boss.getByTestId("delegate-to-search").fill(employee.employeeNo);
  await boss.getByTestId("delegate-to-results").locator(`[data-employee-no="${employee.employeeNo}"]`).click();
  await boss.getByTestId("delegate-save").click();
  await expect(boss.getByTestId("delegate-error")).toContainText(`你已为这段时间设置了代理人（${outsider.name}）`);

  const agent = await phone(browser, outsider.employeeNo);
  await agent.goto("/todos/delegate");
  await expect(agent.getByTestId("delegate-for-me")).toContainText(`代 ${leader.name} 处理审批`);
  // The leader's application waits in the delegate's 待办 too.
  await agent.goto("/todos");
  await expect(agent.locator(`a[href="${itemPath}"]`)).toBeVisible();
  await agent.goto(itemPath);
  await expect(agent.getByTestId("approval-acting-for")).toContainText(leader.name);
  await agent.screenshot({ path: "test-results/approval-delegate/03-acting-for.png", fullPage: true });
  await agent.getByTestId("decide-agree").click();
  await expect(agent.getByTestId("approval-result")).toHaveText("审批通过");

  await emp.goto(itemPath);
  await expect(emp.getByTestId("approval-step").nth(0)).toContainText(`${leader.name} · 同意`);
  await expect(emp.getByTestId("approval-step-agent")).toHaveText(` · ${outsider.name} 代审`);
  await expect(emp.locator('[data-testid="approval-event"][data-kind="decide"]')).toContainText(`${outsider.name} 代 ${leader.name} 同意`);

  await boss.goto("/todos/delegate");
  await boss.getByTestId("delegate-end-now").click();
  await expect(boss.getByTestId("delegate-empty")).toBeVisible();
  await expect(boss.getByTestId("delegate-past")).toContainText(outsider.name);
  const next = await fileLeave(emp, day(2), "复诊");
  await agent.goto(next.itemPath);
  await expect(agent.getByTestId("approval-head")).toHaveCount(0);
});
