// 考勤 tab on a phone: my meeting attendance by month. The demo organisation's all-hands meeting was yesterday
// (every employee is invited and the seed recorded a final status for each), so yesterday's month always has it.
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const FINAL = ["on_time", "late", "early_leave", "absent", "on_leave"];
const monthOf = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(d).slice(0, 7);
const zhMonth = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;
/** Attendance rate as the page shows it: present ÷ (final statuses except on leave); null when nothing counts. */
const rateOf = (statuses: (string | null)[]): string | null => {
  const present = statuses.filter((s) => s === "on_time" || s === "late" || s === "early_leave").length;
  const expected = statuses.filter((s) => FINAL.includes(s!) && s !== "on_leave").length;
  return expected === 0 ? null : new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 1 }).format(present / expected);
};

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });

test("my month: rate and counts agree with the meetings listed; months navigate; a bad month falls back with a notice", async ({ page }) => {
  const { employee } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
  const thisMonth = monthOf(new Date());
  const yesterdaysMonth = monthOf(new Date(Date.now() - 86_400_000));

  const quick = page.getByRole("link", { name: /我的考勤/ });
  const hint = await quick.innerText();
  await page.getByTestId("tab-attendance").click();
  await expect(page.getByTestId("month-label")).toHaveText(zhMonth(thisMonth));
  // The home's quick action quotes this month's rate — computed here from the month's list — or a plain hint
  // while no meeting of the month has a final status that counts.
  const mine = await page.getByTestId("attendance-item").getByTestId("status-badge").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
  const thisRate = rateOf(mine);
  if (mine.length === 0) await expect(page.getByTestId("attendance-empty")).toBeVisible();
  else await expect(page.getByTestId("attendance-rate")).toHaveText(thisRate ?? "暂无");
  expect(hint).toContain(thisRate === null ? "出勤与签到记录" : `本月会议出勤率 ${thisRate}`);

  // The seed put the all-hands on the day before the server started: this month, or the one before on a 1st.
  const allHands = page.getByTestId("attendance-item").filter({ hasText: "全员大会" });
  let month = yesterdaysMonth;
  await page.goto(`/attendance?month=${month}`);
  await expect(page.getByTestId("month-label")).toHaveText(zhMonth(month));
  if ((await allHands.count()) === 0) {
    // the server started the day before (midnight passed during the run) and that day was a 1st
    month = monthOf(new Date(Date.now() - 2 * 86_400_000));
    await page.goto(`/attendance?month=${month}`);
  }
  await expect(allHands).toHaveCount(1);
  expect(FINAL).toContain(await allHands.getByTestId("status-badge").getAttribute("data-status"));

  // The counts are the final statuses in the list, one for one.
  const statuses = await page.getByTestId("attendance-item").getByTestId("status-badge").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
  for (const s of FINAL) {
    await expect(page.getByTestId(`count-${s}`).locator("dd")).toHaveText(String(statuses.filter((x) => x === s).length));
  }
  await expect(page.getByTestId("attendance-rate")).toHaveText(rateOf(statuses) ?? "暂无");

  await allHands.click();
  await page.waitForURL(/\/meetings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // Previous month and back; the current month has no "next".
  await page.goto("/attendance");
  await page.getByRole("link", { name: "上个月" }).click();
  await page.waitForURL(/month=\d{4}-\d{2}$/);
  await expect(page.getByTestId("month-label")).not.toHaveText(zhMonth(thisMonth));
  await page.getByRole("link", { name: "下个月" }).click();
  await expect(page.getByTestId("month-label")).toHaveText(zhMonth(thisMonth));
  await expect(page.getByRole("link", { name: "下个月" })).toHaveCount(0);

  // A month long before the demo organisation existed: an honest empty state.
  await page.goto("/attendance?month=2020-01");
  await expect(page.getByTestId("attendance-empty")).toContainText("这个月没有需要参加的会议");

  await page.goto("/attendance?month=2026-13");
  await expect(page.getByTestId("bad-month")).toHaveText("月份格式不正确，已为你显示本月。");
  await expect(page.getByTestId("month-label")).toHaveText(zhMonth(thisMonth));
});
