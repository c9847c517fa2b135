// Attendance settings editors (考勤设置, issue 14 item 3, last bullet), through the pages as HR:
// - 日历调整: HR marks a workday of last month as 调休 for the company; the preview says "将重算 N 个人天" with N the
//   person-days stored on that date; after the save the monthly sheet's cell for that day no longer shows a workday's
//   result (the inbox worker recomputed it); the mark is then cleared the same way.
// - 班次设置: HR raises the grace of the shift most people are on; the preview's count is the stored person-days on it
//   from the current period's first day; after the save the list shows the new grace and no day on it stays late by
//   less than the grace. A night shift that does not cross midnight is refused with the Chinese reason (error state).
// - 考勤组 and 排班: HR creates a roster group for one person through the page, then plans a cell of their week.
// Needs our own PostgreSQL (DATABASE_URL) to read the counts and the worker in the web process (WORKERS_IN_WEB=1).
// Screenshots at 1440×900, zh-CN and en: /tmp/shots-settings/*.png.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { pgUrl, sql } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";

const SHOTS = "/tmp/shots-settings";
test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });
test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
async function english<T>(page: Page, fn: () => Promise<T>): Promise<T> {
  const origin = new URL(page.url()).origin;
  await page.context().addCookies([{ name: "locale", value: "en", url: origin }]);
  try {
    return await fn();
  } finally {
    await page.context().addCookies([{ name: "locale", value: "zh-CN", url: origin }]);
  }
}
const one = async <T>(text: string, values: unknown[] = []) => (await sql<T>(text, values))[0];
const noRecomputePending = async () =>
  Number((await one<{ n: string }>("select count(*) n from inbox_events where source = 'attendance' and event_type = 'recompute' and status in ('received', 'processing')")).n);

test("HR marks a day 调休 on 日历调整: the preview counts the person-days on it and the sheet's cell follows after the save", async ({ page }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to read the stored person-days");
  test.setTimeout(180_000);
  const { hr, employee } = demoPeople();
  const emp = await one<{ id: string; department_id: string }>("select id, department_id from employees where employee_no = $1", [employee.employeeNo]);
  // A workday of last month on which the demo employee has a workday result.
  const { date } = await one<{ date: string }>(
    `select to_char(business_date, 'YYYY-MM-DD') date from attendance_days where employee_id = $1 and day_type = 'workday'
       and business_date < date_trunc('month', now() at time zone 'Asia/Shanghai')::date
       and not ('rest' = any(statuses)) order by business_date desc limit 1`,
    [emp.id],
  );
  const month = date.slice(0, 7);
  const stored = Number((await one<{ n: string }>("select count(*) n from attendance_days where business_date = $1", [date])).n);
  expect(stored).toBeGreaterThan(0);

  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  const sheetUrl = `/console/attendance/sheet?month=${month}&department=${emp.department_id}`;
  const cellText = async () => {
    await page.goto(sheetUrl);
    const dates = (await page.getByTestId("sheet-table").getAttribute("data-dates"))!.split(",");
    return ((await page.locator(`tr[data-employee-no="${employee.employeeNo}"] button[data-day="${dates.indexOf(date)}"]`).textContent()) ?? "").trim();
  };
  const before = await cellText();
  expect(before).not.toMatch(/休|节/);

  await page.goto(`/console/attendance/settings/calendar?month=${month}`);
  await expect(page.getByTestId("settings-calendar-heading")).toHaveText("日历调整");
  await shot(page, "calendar-zh-loaded");
  const day = page.getByTestId(`calendar-day-${date}`);
  await expect(day).toHaveAttribute("data-type", "workday");
  await day.click();
  await page.getByTestId("calendar-daytype").selectOption("in_lieu_rest");
  await page.getByTestId("calendar-name").fill("公司调休");
  await expect(page.getByTestId("impact-save-button")).toBeDisabled(); // no save before a preview
  await page.getByTestId("impact-preview-button").click();
  await expect(page.getByTestId("impact-count")).toHaveText(`将重算 ${stored} 个人天`);
  await shot(page, "calendar-zh-preview");
  // The preview kept nothing.
  expect((await sql("select 1 from calendar_days where date = $1 and source = 'hr'", [date])).length).toBe(0);
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toHaveText(`已保存，已排队重算 ${stored} 个人天。`);
  await expect(day).toHaveAttribute("data-type", "in_lieu_rest");
  await expect(day).toHaveAttribute("data-source", "hr");

  // The worker recomputes the day: the sheet's cell shows a rest day's result (休, or 加 where someone worked).
  await expect.poll(cellText, { timeout: 60_000, intervals: [1_000, 2_000] }).toMatch(/休|加/);

  await english(page, async () => {
    await page.goto(`/console/attendance/settings/calendar?month=${month}`);
    await expect(page.getByTestId("settings-calendar-heading")).toHaveText("Calendar");
    await page.getByTestId(`calendar-day-${date}`).click();
    await page.getByTestId("calendar-daytype").selectOption("clear");
    await page.getByTestId("impact-preview-button").click();
    await expect(page.getByTestId("impact-count")).toHaveText(`Will recompute ${stored} person-days`);
    await shot(page, "calendar-en-preview");
    await page.getByTestId("impact-save-button").click();
    await expect(page.getByTestId("impact-note")).toContainText("Saved");
  });
  await expect.poll(cellText, { timeout: 60_000, intervals: [1_000, 2_000] }).toBe(before);
});

test("HR edits the grace of a shift on 班次设置: the preview counts this period's person-days on it, the save recomputes them", async ({ page }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to read the stored person-days");
  test.setTimeout(180_000);
  const { hr } = demoPeople();
  const from = (await one<{ d: string }>("select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') d")).d;
  const busiest = await one<{ shift_id: string }>("select shift_id from attendance_days where shift_id is not null and business_date >= $1 group by shift_id order by count(*) desc limit 1", [from]);
  const shiftId = Number(busiest.shift_id);
  const shift = await one<{ name: string; grace_minutes: number; serious_late_minutes: number | null }>("select name, grace_minutes, serious_late_minutes from shifts where id = $1", [shiftId]);
  let grace = shift.serious_late_minutes != null ? Math.min(shift.serious_late_minutes - 1, 30) : 30;
  if (grace === shift.grace_minutes) grace -= 1;

  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/settings/shifts");
  await expect(page.getByTestId("settings-shifts-heading")).toHaveText("班次设置");
  await shot(page, "shifts-zh-list");
  await page.getByTestId(`shift-edit-${shiftId}`).click();
  await expect(page.getByTestId("shift-editor")).toBeVisible();
  await page.getByTestId("shift-graceMinutes").fill(String(grace));
  await expect.poll(noRecomputePending, { timeout: 30_000 }).toBe(0);
  await page.getByTestId("impact-preview-button").click();
  const onShift = Number((await one<{ n: string }>("select count(*) n from attendance_days where shift_id = $1 and business_date >= $2", [shiftId, from])).n);
  expect(onShift).toBeGreaterThan(0);
  await expect(page.getByTestId("impact-count")).toHaveText(`将重算 ${onShift} 个人天`);
  await expect(page.getByTestId("impact-save")).toContainText(`本考勤周期（${from} 起）`);
  await shot(page, "shifts-zh-preview");
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toHaveText(`已保存，已排队重算 ${onShift} 个人天。`);
  await expect(page.getByTestId(`shift-grace-${shiftId}`)).toHaveText(`${grace} 分钟`);
  // After the worker: nobody on the shift this period is late by no more than the new grace.
  await expect
    .poll(async () => Number((await one<{ n: string }>("select count(*) n from attendance_days where shift_id = $1 and business_date >= $2 and 'late' = any(statuses) and late_minutes <= $3", [shiftId, from, grace])).n), { timeout: 60_000 })
    .toBe(0);

  // The error state: a night shift that does not cross midnight is refused, in Chinese, and nothing is saved.
  await page.getByTestId("shift-kind").selectOption("night");
  await page.getByTestId("impact-preview-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("夜班必须跨过午夜");
  await shot(page, "shifts-zh-error");
  expect((await one<{ kind: string }>("select kind from shifts where id = $1", [shiftId])).kind).not.toBe("night");

  await english(page, async () => {
    await page.goto(`/console/attendance/settings/shifts?edit=${shiftId}`);
    await expect(page.getByTestId("settings-shifts-heading")).toHaveText("Shifts");
    await page.getByTestId("shift-section-0-end").fill("17:00");
    await page.getByTestId("impact-preview-button").click();
    await expect(page.getByTestId("impact-count")).toHaveText(`Will recompute ${onShift} person-days`);
    await shot(page, "shifts-en-preview");
  });
});

test("HR creates a roster group on 考勤组 and plans a cell on 排班 (empty, loaded and preview states)", async ({ page }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL)");
  test.setTimeout(180_000);
  const { hr, outsider } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  // The empty state only while no roster group exists: earlier specs (打卡提醒's) make their own roster groups.
  const [{ n: rosterGroups }] = await sql<{ n: number }>("select count(*)::int as n from attendance_groups where schedule = 'roster'");
  await page.goto("/console/attendance/settings/rosters");
  if (rosterGroups === 0) {
    await expect(page.getByText("没有排班制考勤组")).toBeVisible();
    await shot(page, "rosters-zh-empty");
    await english(page, async () => {
      await page.goto("/console/attendance/settings/rosters");
      await shot(page, "rosters-en-empty");
    });
  }

  await page.goto("/console/attendance/settings/groups");
  await shot(page, "groups-zh-list");
  await page.getByTestId("group-new").click();
  await page.getByTestId("group-name").fill("E2E 排班组");
  await page.getByTestId("group-schedule").selectOption("roster");
  // the person picker: type a name, pick the match (工号 and department shown)
  await page.getByTestId("group-add-emp").fill(outsider.name);
  const option = page.getByTestId("group-add-emp-list").getByRole("option").filter({ hasText: outsider.employeeNo });
  await expect(option).toBeVisible();
  await shot(page, "groups-zh-person-search");
  await option.getByRole("button").click();
  await expect(page.getByTestId("group-members")).toContainText(`${outsider.name}（${outsider.employeeNo}）`);
  await page.getByTestId("group-add-wifi").click();
  await page.getByTestId("group-wifi-0-bssid").fill("a4:56:02:1b:7c");
  await page.getByTestId("impact-preview-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("BSSID 格式");
  await shot(page, "groups-zh-error");
  await page.getByTestId("group-wifi-0-bssid").fill("a4:56:02:1b:7c:e0");
  await page.getByTestId("group-wifi-0").getByRole("textbox").first().fill("QD-Office");
  await page.getByTestId("impact-preview-button").click();
  await expect(page.getByTestId("impact-count")).toHaveText(/^将重算 \d+ 个人天$/);
  await shot(page, "groups-zh-preview");
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("已保存");
  await expect(page.getByTestId("group-list")).toContainText("E2E 排班组");

  // this group's week (other roster groups may come first in the page's list)
  const [{ id: groupId }] = await sql<{ id: string }>("select max(id)::text as id from attendance_groups where name = 'E2E 排班组'");
  await page.goto(`/console/attendance/settings/rosters?group=${groupId}`);
  await expect(page.getByTestId("roster-grid")).toBeVisible();
  await page.getByTestId("roster-copy-last-week").click();
  const cell = page.locator("[data-testid^=roster-cell-]").first();
  await cell.selectOption({ index: 1 });
  await expect(page.getByTestId("roster-changed")).toHaveText("1 格有改动");
  await page.getByTestId("impact-preview-button").click();
  await expect(page.getByTestId("impact-count")).toHaveText(/^将重算 \d+ 个人天$/);
  await shot(page, "rosters-zh-loaded");
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("已保存");
  await english(page, async () => {
    await page.goto("/console/attendance/settings/rosters");
    await shot(page, "rosters-en-loaded");
    await page.goto("/console/attendance/settings/groups");
    await shot(page, "groups-en-list");
  });
});

test("HR deletes on 班次设置 and 考勤组: an in-use shift is refused with the reason; an unused one and a group go after a preview", async ({ page }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL)");
  test.setTimeout(180_000);
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  // the default shift of a group: refused, saying which group
  const used = await one<{ id: string; shift: string; grp: string }>("select s.id::text id, s.name shift, g.name grp from shifts s join attendance_groups g on g.default_shift_id = s.id order by g.id limit 1");
  await page.goto(`/console/attendance/settings/shifts?edit=${used.id}`);
  await page.getByTestId("shift-delete-start").click();
  await expect(page.getByTestId("shift-delete-refused")).toContainText(`班次「${used.shift}」是考勤组`);
  await expect(page.getByTestId("shift-delete-refused")).toContainText(`「${used.grp}」`);
  await shot(page, "shifts-zh-delete-refused");
  expect((await one<{ n: number }>("select count(*)::int n from shifts where id = $1 and archived_at is null", [used.id])).n).toBe(1);

  // a new shift nobody uses: the preview says it goes for good, the confirm removes it from the list
  await page.goto("/console/attendance/settings/shifts?edit=new");
  await page.getByTestId("shift-name").fill("E2E 临时班");
  await page.getByTestId("impact-preview-button").click();
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("已保存");
  await expect(page.getByTestId("shift-delete-start")).toBeVisible();
  await page.getByTestId("shift-delete-start").click();
  await expect(page.getByTestId("shift-delete-preview")).toHaveText("这个班次从未使用，将被彻底删除，不重算任何人天。");
  await shot(page, "shifts-zh-delete-preview");
  await page.getByTestId("shift-delete-confirm").click();
  await expect(page.getByTestId("shift-editor")).toHaveCount(0);
  await expect(page.getByTestId("shift-list")).not.toContainText("E2E 临时班");
  expect((await one<{ n: number }>("select count(*)::int n from shifts where name = 'E2E 临时班'")).n).toBe(0);

  // a group: the preview counts its people's stored days this period, the confirm deletes it
  const [{ id: shiftId }] = await sql<{ id: string }>("select min(id)::text id from shifts where archived_at is null");
  await page.goto("/console/attendance/settings/groups?edit=new");
  await page.getByTestId("group-name").fill("E2E 删除组");
  await page.getByTestId("group-shift").selectOption(shiftId);
  await page.getByTestId("impact-preview-button").click();
  await page.getByTestId("impact-save-button").click();
  await expect(page.getByTestId("impact-note")).toContainText("已保存");
  await page.getByTestId("group-delete-start").click();
  await expect(page.getByTestId("group-delete-preview")).toHaveText("删除后将重算 0 个人天"); // no members
  await english(page, async () => {
    await page.reload();
    await page.getByTestId("group-delete-start").click();
    await expect(page.getByTestId("group-delete-preview")).toHaveText("Deleting recomputes 0 person-days");
    await shot(page, "groups-en-delete-preview");
  });
  await page.reload();
  await page.getByTestId("group-delete-start").click();
  await page.getByTestId("group-delete-confirm").click();
  await expect(page.getByTestId("group-list")).not.toContainText("E2E 删除组");
  expect((await one<{ n: number }>("select count(*)::int n from attendance_groups where name = 'E2E 删除组'")).n).toBe(0);
});
