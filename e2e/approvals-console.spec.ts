// 审批管理 end to end (issue 15 items 5 and 7): an OA item pushed through the API is opened and agreed on the phone
// by its approver; HR filters the console's list (source, status, period) down to it, opens it and reads the step's
// timing (who, reached, decided, how long) and its audit trail, sees the efficiency dashboard, and downloads the
// audit log of the filtered items as CSV and as Excel — each holds the item's submit, view and decide with who and
// from which client. Screenshots go to test-results/approvals-console/.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createApprovalKey, purchaseItem, pushItems } from "./approval-fixtures";
import { download, parseCsv, sheetRows as xlsxRows, today } from "./files";
import { demoPeople, loginAs, UA } from "./fixtures";

const SHOTS = "test-results/approvals-console";


async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

test("HR filters the approvals, opens one with its step timings, and downloads its audit log as CSV and Excel", async ({ browser, baseURL, request }) => {
  test.setTimeout(240_000);
  const { employee, manager, hr } = demoPeople();
  const key = await createApprovalKey(browser, baseURL!);
  const marker = `CONSOLE-${Date.now()}`;
  const title = `控制台审批 ${marker}`;
  const [pushed] = await pushItems(request, baseURL!, key, [purchaseItem(marker, employee.employeeNo, [manager.employeeNo], { title, attachments: undefined })]);
  expect(pushed.status).toBe("accepted");

  // The approver opens it from 待办 (the view is logged) and agrees.
  const boss = await phone(browser, manager.employeeNo);
  const row = boss.getByTestId("todo-approval").filter({ hasText: marker });
  await expect(async () => {
    await boss.goto("/todos");
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await row.click();
  await boss.getByTestId("decide-agree").click();
  await expect(boss.getByTestId("approval-status")).toHaveText("已处理");

  // HR: the list, filtered through the form.
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", acceptDownloads: true });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console");
  await page.getByRole("link", { name: "审批管理" }).click();
  await expect(page.getByTestId("approvals-heading")).toHaveText("审批管理");
  await page.getByTestId("filter-source").selectOption("oa");
  await page.getByTestId("filter-status").selectOption("decided");
  await page.getByTestId("filter-from").fill(today());
  await page.getByTestId("filter-to").fill(today());
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/source=oa/);
  await expect(page).toHaveURL(/status=decided/);
  const listed = page.getByTestId("approval-row").filter({ hasText: marker });
  await expect(listed).toHaveAttribute("data-status", "decided");
  await expect(listed).toContainText(employee.name);
  for (const r of await page.getByTestId("approval-row").all()) {
    await expect(r).toHaveAttribute("data-source", "oa");
    await expect(r).toHaveAttribute("data-status", "decided");
  }
  await page.screenshot({ path: `${SHOTS}/01-list.png`, fullPage: true });

  // The item: its one step with the approver's timing, and the audit trail.
  await listed.getByTestId("approval-row-open").click();
  await expect(page.getByTestId("approval-console-title")).toHaveText(title);
  const step = page.getByTestId("step-timing").filter({ hasText: manager.name });
  await expect(step).toHaveAttribute("data-outcome", "agree");
  await expect(step.locator('[data-col="decided"]')).not.toHaveText("—");
  await expect(step.locator('[data-col="took"]')).toHaveText(/\d+ (秒|分钟)/);
  // The write-back's answer joins once the OA outbox has run (this server has no OA sink: "skipped").
  const kinds = await page.getByTestId("log-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-kind")));
  expect(kinds.filter((k) => k !== "write_back")).toEqual(["submit", "view", "decide"]);
  await page.screenshot({ path: `${SHOTS}/02-item.png`, fullPage: true });

  // The efficiency dashboard keeps the filters; the item counts among the OA's decided ones.
  await page.goBack();
  await page.getByTestId("approvals-tab-dashboard").click();
  await expect(page.getByTestId("efficiency-heading")).toHaveText("审批效率");
  await expect(page.getByTestId("efficiency-by-flow").locator('tr[data-key="source:oa"]')).toContainText("OA");
  expect(Number(await page.locator('[data-figure="decided"] [data-value]').textContent())).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/03-dashboard.png`, fullPage: true });

  // The audit log of the filtered items: CSV and Excel, the item's acts with who and from where.
  await page.getByTestId("approvals-tab-list").click();
  await expect(page.getByTestId("approval-row").filter({ hasText: marker })).toBeVisible();
  const csv = await download(page, "export-approval-log-csv");
  expect(csv.d.suggestedFilename()).toBe(`审批日志-${today()}.csv`);
  const rows = parseCsv(csv.body.toString("utf8"));
  expect(rows[0]).toEqual(["时间", "事项ID", "来源编号", "来源", "事项", "操作", "操作人", "工号", "终端", "意见", "说明"]);
  const WRITE_BACK = "写回及回执";
  const writeBack = rows.filter((r) => r[2] === marker && r[5] === WRITE_BACK);
  expect(writeBack.every((r) => r[10] === "未配置写回")).toBe(true);
  const mine = rows.filter((r) => r[2] === marker && r[5] !== WRITE_BACK).map((r) => [r[3], r[5], r[6], r[8], r[10]]);
  expect(mine).toEqual([
    ["OA", "提交", employee.name, "OA API", "v1"],
    ["OA", "查看", manager.name, "WeCom iOS", ""],
    ["OA", "处理", manager.name, "WeCom iOS", "同意"],
  ]);
  // Only what the filters select: every row is an OA item's.
  expect(rows.slice(1).every((r) => r[3] === "OA")).toBe(true);

  const xlsx = await download(page, "export-approval-log-xlsx");
  expect(xlsx.d.suggestedFilename()).toBe(`审批日志-${today()}.xlsx`);
  const sheet = await xlsxRows(xlsx.body);
  expect(sheet.name).toBe("审批日志");
  expect(sheet.rows[0]).toEqual(rows[0]);
  expect(sheet.rows.filter((r) => r[2] === marker && r[5] !== WRITE_BACK).map((r) => [r[5], r[6], r[8]])).toEqual([
    ["提交", employee.name, "OA API"],
    ["查看", manager.name, "WeCom iOS"],
    ["处理", manager.name, "WeCom iOS"],
  ]);
  await ctx.close();
});
