// HR's approval rules in the console (issue 15 item 2): HR sets the 补卡 caps — a cut-off day of the next month,
// which exceptions may be corrected — and the OA items' 审批超时; the employee's 补卡 form then shows the cut-off;
// a bad value is refused with the reason and changes nothing. HR builds a flow in the editor (no code), the employee's
// leave form shows its path, a bad 工号 is refused naming the row. Everything is put back at the end (shared server).
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test("HR sets the 补卡 cut-off and the OA timeout; the employee's form shows the cut-off; a bad value changes nothing", async ({ browser }) => {
  test.setTimeout(120_000);
  const { hr, employee } = demoPeople();
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console/approval-rules");
  await expect(page.getByRole("heading", { name: "审批规则" })).toBeVisible();
  await expect(page.getByTestId("flow").first()).toBeVisible();
  await expect(page.locator('[data-testid="flow"][data-code="leave.default"]')).toContainText("直属负责人");

  const caps = page.getByTestId("correction-caps");
  await caps.getByLabel("次月截止日（0 为不限）").fill("28");
  await caps.getByLabel("旷工").uncheck();
  await page.getByTestId("save-caps").click();
  await expect(page.getByTestId("rules-done")).toHaveText("补卡规则已保存，员工提交补卡时即按新规则检查。");
  await expect(caps.getByLabel("次月截止日（0 为不限）")).toHaveValue("28");
  await expect(caps.getByLabel("旷工")).not.toBeChecked();

  const oa = page.getByTestId("approval-timeout");
  await oa.getByLabel("每隔（小时）").fill("8");
  await oa.getByLabel("审批人的上级").check();
  await page.getByTestId("save-timeout").click();
  await expect(page.getByTestId("rules-done")).toHaveText("审批超时设置已保存。");
  await expect(oa.getByLabel("每隔（小时）")).toHaveValue("8");
  await page.screenshot({ path: "test-results/approval-rules/01-rules.png", fullPage: true });

  // A bad value: refused with the reason, the stored rule unchanged.
  await caps.getByLabel("次月截止日（0 为不限）").fill("31");
  await page.getByTestId("save-caps").click();
  await expect(page.getByTestId("rules-error")).toContainText("截止日 0–28");
  await expect(caps.getByLabel("次月截止日（0 为不限）")).toHaveValue("28");

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const emp = await phone.newPage();
  await loginAs(emp, { vendor: "wecom", employeeNo: employee.employeeNo });
  await emp.goto("/todos/apply/correction");
  await expect(emp.getByTestId("apply-remaining")).toContainText("的补卡");
  await expect(emp.getByTestId("apply-remaining")).toContainText("-28 截止");

  // Back to the defaults for the rest of the suite.
  await caps.getByLabel("次月截止日（0 为不限）").fill("0");
  await caps.getByLabel("旷工").check();
  await page.getByTestId("save-caps").click();
  await expect(page.getByTestId("rules-done")).toBeVisible();
  await oa.getByLabel("每隔（小时）").fill("24");
  await oa.getByLabel("审批人的上级").uncheck();
  await page.getByTestId("save-timeout").click();
  await expect(page.getByTestId("rules-done")).toHaveText("审批超时设置已保存。");
});

test("HR builds a 婚假 flow in the editor: the employee's form shows its path; a bad 工号 is named; switched off again", async ({ browser }) => {
  test.setTimeout(120_000);
  const { hr, employee, otherManager } = demoPeople();
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console/approval-rules");
  await page.getByTestId("new-flow").click();
  await expect(page).toHaveURL(/\/console\/approval-rules\/flows\/new$/);
  const name = `婚假特批 ${Date.now() % 100000}`;
  await page.getByLabel("流程名称").fill(name);
  await page.getByLabel("优先级").fill("1");
  await page.getByLabel("婚假").check();
  const rows = page.getByTestId("flow-step-row");
  await rows.nth(0).getByLabel("审批人").selectOption("leader");
  await rows.nth(1).getByLabel("审批人").selectOption("people");
  await rows.nth(1).getByLabel("人员工号（空格或逗号分隔）").fill(`${otherManager.employeeNo} NOPE-1`);
  await rows.nth(1).getByLabel("超时（小时）").fill("8");
  await rows.nth(1).getByLabel("最多催办（次）").fill("1");
  await rows.nth(1).getByLabel("升级给人事").check();
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("flow-error")).toContainText("step1_people: no active employee with number NOPE-1");
  // The form comes back empty after a refusal (server form): fill again without the bad number.
  await page.getByLabel("流程名称").fill(name);
  await page.getByLabel("优先级").fill("1");
  await page.getByLabel("婚假").check();
  await rows.nth(0).getByLabel("审批人").selectOption("leader");
  await rows.nth(1).getByLabel("审批人").selectOption("people");
  await rows.nth(1).getByLabel("人员工号（空格或逗号分隔）").fill(otherManager.employeeNo);
  await rows.nth(1).getByLabel("超时（小时）").fill("8");
  await page.screenshot({ path: "test-results/approval-rules/02-flow-editor.png", fullPage: true });
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("rules-done")).toHaveText("审批流程已创建，新的申请将按它匹配。");
  const flow = page.locator('[data-testid="flow"]', { hasText: name });
  await expect(flow.getByTestId("flow-step")).toHaveCount(2);
  await expect(flow.getByTestId("flow-step").nth(1)).toContainText(`${otherManager.name} · 依次审批 · 超过 8 小时未处理`);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const emp = await phone.newPage();
  await loginAs(emp, { vendor: "wecom", employeeNo: employee.employeeNo });
  const preview = await emp.request.get("/api/approvals/applications/preview?kind=leave&leave_type=婚假&start_date=2031-03-03&end_date=2031-03-03");
  const body = (await preview.json()) as { flow: string; path: { approvers: { name: string }[] }[] };
  expect(body.flow).toBe(name);
  expect(body.path.at(-1)!.approvers.map((a) => a.name)).toEqual([otherManager.name]);

  // Switched off: 婚假 follows the default flow again.
  await flow.getByTestId("edit-flow").click();
  await page.getByLabel("启用").uncheck();
  await page.getByTestId("save-flow").click();
  await expect(page.getByTestId("rules-done")).toHaveText("审批流程已保存，之后提交的申请按新流程走。");
  const after = (await (await emp.request.get("/api/approvals/applications/preview?kind=leave&leave_type=婚假&start_date=2031-03-03&end_date=2031-03-03")).json()) as { flow: string };
  expect(after.flow).not.toBe(name);
});
