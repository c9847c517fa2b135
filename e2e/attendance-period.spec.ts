// Payroll periods and the period lock (封账, issue 14 item 3): HR sets the period start day (the sheet's dates and
// label follow it); HR locks last month's period on the sheet page; a time clock then posts punches for a rest day
// in it through POST /api/v1/punches (an API key with punches:write, made by the admin in the console) — the punches
// are stored and queued as late evidence (shown with a count), but the sheet cell does not change; a reopen without
// a reason is a 400; the audited reopen with a reason recomputes the day through the inbox job and the cell changes.
// Screenshots at 1440×900 in zh-CN: /tmp/period-*.png.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createApiKey } from "./approval-fixtures";
import { demoPeople, loginAs, UA } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/period-${name}.png` });

/** An API key with punches:write, made the way an admin makes one (控制台 → API 密钥). */
const createPunchKey = (browser: Browser, baseURL: string) => createApiKey(browser, baseURL, "门禁考勤机", ["打卡设备上传（写入）"]);

const previousMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};

test("HR locks a period: a device punch then changes nothing in the sheet until an audited reopen", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const { hr, employee, departments } = demoPeople();
  const key = await createPunchKey(browser, baseURL!);
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });

  // The start day: 26 makes the sheet's period the 26th → the 25th (label and columns), then back to calendar months.
  await page.goto("/console/attendance/sheet");
  const month = (await page.getByTestId("sheet-table").getAttribute("data-month"))!;
  await page.getByTestId("period-start-day").selectOption("26");
  await page.getByTestId("period-settings").getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("period-range")).toContainText("每月 26 日起");
  const dates26 = (await page.getByTestId("sheet-table").getAttribute("data-dates"))!.split(",");
  expect(dates26[0].slice(8)).toBe("26");
  expect(dates26[dates26.length - 1].slice(8)).toBe("25");
  await page.getByTestId("period-start-day").selectOption("1");
  await page.getByTestId("period-settings").getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("period-range")).toContainText("自然月");

  // Last month's period, the demo employee's department: a rest day cell showing 休 (nothing punched).
  const period = previousMonth(month);
  const dept = departments.find((d) => d.code === employee.departmentCode)!;
  await page.goto(`/console/attendance/sheet?month=${period}`);
  const deptId = await page
    .getByTestId("sheet-department")
    .locator("option")
    .evaluateAll((os, name) => os.find((o) => (o.textContent ?? "").trim() === name)?.getAttribute("value") ?? "", dept.name);
  expect(deptId).not.toBe("");
  const url = `/console/attendance/sheet?month=${period}&department=${deptId}`;
  await page.goto(url);
  const row = page.locator(`tr[data-employee-no="${employee.employeeNo}"]`);
  const dates = (await page.getByTestId("sheet-table").getAttribute("data-dates"))!.split(",");
  const texts = await row.locator("button[data-day]").allTextContents();
  const idx = texts.map((x, i) => (x.trim() === "休" ? i : -1)).filter((i) => i >= 0).pop();
  expect(idx, "a rest day without punches in last month's period").toBeDefined();
  const date = dates[idx!];
  const cell = () => row.locator(`button[data-day="${idx}"]`);
  await expect(cell()).toHaveText("休");
  await expect(page.getByTestId("period-panel")).toHaveAttribute("data-state", "open");

  // Lock, after the confirm.
  await page.getByTestId("period-lock").click();
  await expect(page.getByTestId("period-lock-confirm")).toContainText(`${dates[0]} 至 ${dates[dates.length - 1]}`);
  await page.getByTestId("period-lock-confirm").getByRole("button", { name: "确认封账" }).click();
  await expect(page.getByTestId("period-state")).toHaveText("已封账");
  await expect(page.getByTestId("period-locked-by")).toContainText(hr.name);
  // Locking again is a no-op.
  const again = await page.request.post("/api/attendance/period/lock", { data: { month: period } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ state: "locked", changed: false });

  // The time clock posts a rest-day visit (in 10:00, out 16:00) — twice (a redelivery).
  const runId = Date.now();
  const punches = [
    { employee_no: employee.employeeNo, time: `${date}T10:00:00+08:00`, device_id: "e2e-period-gate", record_id: `${runId}-in`, direction: "in" },
    { employee_no: employee.employeeNo, time: `${date}T16:00:00+08:00`, device_id: "e2e-period-gate", record_id: `${runId}-out`, direction: "out" },
  ];
  for (let i = 0; i < 2; i++) {
    const res = await page.request.post("/api/v1/punches", { headers: { authorization: `Bearer ${key}` }, data: { punches } });
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(i === 0 ? ["accepted", "accepted"] : ["duplicate", "duplicate"]);
  }
  // Processed from the inbox: both punches queued as late evidence, once each.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/attendance/period?month=${period}`)).json()) as { evidence: { businessDate: string; kind: string }[] }).evidence.filter((e) => e.businessDate === date && e.kind === "punch").length, { timeout: 30_000 })
    .toBe(2);
  const employeeId = (await row.getAttribute("data-employee"))!;
  const detail = async () => (await (await page.request.get(`/api/attendance/sheet/cell?employee=${employeeId}&date=${date}`)).json()) as { punches: unknown[]; statuses: string[]; overtime: { restDay: number } };
  const held = await detail();
  expect(held.punches.length).toBeGreaterThanOrEqual(2); // stored…
  expect(held.overtime.restDay).toBe(0); // …but the person-day was not recomputed
  await page.reload();
  await expect(cell()).toHaveText("休");
  await expect(page.getByTestId("period-late-list").locator(`tr[data-employee-no="${employee.employeeNo}"][data-date="${date}"]`)).toHaveCount(2);
  const pending = Number(await page.getByTestId("period-panel").getAttribute("data-pending"));
  expect(pending).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("period-late-count")).toHaveText(`${pending} 条待处理`);
  await shot(page, "locked-zh-CN");

  // Reopening without a reason is refused; the form says so too.
  const noReason = await page.request.post("/api/attendance/period/reopen", { data: { month: period } });
  expect(noReason.status()).toBe(400);
  expect(await noReason.text()).toContain("reason");
  await page.getByTestId("period-reopen").click();
  await page.getByTestId("period-reopen-form").getByRole("button", { name: "确认重新开账" }).click();
  await expect(page.getByTestId("period-error")).toHaveText("请填写重新开账的原因");
  await expect(page.getByTestId("period-state")).toHaveText("已封账");

  // The audited reopen: the day recomputes through the job, the cell changes, the history shows the reason.
  const reason = `补录门禁机 ${date} 的加班记录`;
  await page.getByTestId("period-reopen-reason").fill(reason);
  await page.getByTestId("period-reopen-form").getByRole("button", { name: "确认重新开账" }).click();
  await expect(page.getByTestId("period-state")).toHaveText("已重新开账");
  await expect.poll(async () => (await detail()).overtime.restDay, { timeout: 30_000 }).toBe(360);
  await page.reload();
  await expect(cell()).not.toHaveText("休");
  await expect(cell()).toContainText("加");
  await expect(page.getByTestId("period-history").locator('[data-action="attendance.period.reopen"]').first()).toContainText(reason);
  await expect(page.getByTestId("period-late-count")).toHaveText("0 条待处理");
  await shot(page, "reopened-zh-CN");
});
