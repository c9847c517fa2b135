// 加班申请 on phones (issue 15 items 2–4, overtime): HR sets the org's overtime calculation to "by approved duration"
// (审批规则); the employee files 5 hours of overtime on a recent rest day on the phone — the path shows the leader,
// then HR (from 4 hours) — the leader approves on the item page, then HR; the attendance day then shows 300 minutes
// of rest-day overtime (no punch needed in this mode), the monthly sheet names the mode, and the simulated DingTalk
// attendance received one approvals/finish for it with bizType 1, the duration in hours and 调休 (overTimeToMore 1).
// The mode is put back to "by punches" at the end (the suite shares one server). The rest day and the 5-hour slot
// vary per run so a kept database takes a rerun.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { pgUrl, sql } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";

test.setTimeout(300_000);

const TZ = "Asia/Shanghai";
const dateIn = (offsetDays: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offsetDays * 86_400_000));

async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

async function setMode(browser: Browser, employeeNo: string, mode: "punches" | "approval") {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo, ua: "pc" });
  await page.goto("/console/approval-rules");
  await page.getByTestId(`overtime-mode-${mode}`).check();
  await page.getByTestId("save-overtime-mode").click();
  await expect(page.getByTestId("rules-done")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId(`overtime-mode-${mode}`)).toBeChecked();
  return { page, context };
}

test("overtime on a rest day: leader then HR approve, the day counts the approved hours, DingTalk attendance gets bizType 1 once", async ({ browser, request }) => {
  test.skip(!pgUrl, "reads the applicant's id from our own PostgreSQL");
  const { employee, hr, all } = demoPeople();
  // A Saturday or Sunday of the last four weeks, and one of three 5-hour slots: different on each run.
  const weekends = Array.from({ length: 28 }, (_, i) => dateIn(-1 - i)).filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  const pick = Math.floor(Date.now() / 1000) % (weekends.length * 3);
  const date = weekends[Math.floor(pick / 3)];
  const [start, end] = [["08:00", "13:00"], ["13:00", "18:00"], ["18:00", "23:00"]][pick % 3];

  const hrDesk = await setMode(browser, hr.employeeNo, "approval");
  try {
    // The employee files on the phone from the 待办 page.
    const emp = await phone(browser, employee.employeeNo);
    await emp.goto("/todos");
    await emp.getByTestId("apply-overtime-link").click();
    await expect(emp).toHaveURL(/\/todos\/apply\/overtime$/);
    await emp.getByTestId("ot-date").fill(date);
    // A night overtime reads as ending the next day (the path then asks HR too: 6 hours).
    await emp.getByTestId("ot-start").fill("20:00");
    await emp.getByTestId("ot-end").fill("02:00");
    await expect(emp.getByTestId("ot-duration")).toHaveText("共 6 小时，到次日结束");
    await expect(emp.getByText("结束时间（次日）")).toBeVisible();
    await emp.screenshot({ path: "test-results/approval-overtime/00-night.png", fullPage: true });
    await emp.getByTestId("ot-start").fill(start);
    await emp.getByTestId("ot-end").fill(end);
    await expect(emp.getByTestId("ot-duration")).toHaveText("共 5 小时");
    const steps = emp.getByTestId("apply-path-step");
    await expect(steps).toHaveCount(2);
    await expect(steps.nth(1)).toContainText(hr.name);
    const leaderName = ((await steps.nth(0).textContent()) ?? "").split(" · ").pop()!.trim();
    const leaders = all.filter((e) => e.name === leaderName);
    expect(leaders, `one demo person named ${leaderName}`).toHaveLength(1);
    await emp.getByTestId("apply-reason").fill("周末版本发布值守");
    await emp.screenshot({ path: "test-results/approval-overtime/01-apply-overtime.png", fullPage: true });
    await emp.getByTestId("apply-submit").click();
    await expect(emp).toHaveURL(/\/todos\/approvals\/\d+$/);
    const itemPath = new URL(emp.url()).pathname;
    const itemId = Number(itemPath.split("/").pop());
    await expect(emp.getByTestId("approval-step")).toHaveCount(2);
    await expect(emp.locator("body")).toContainText("补偿方式");
    await expect(emp.locator("body")).toContainText("调休");

    // The leader approves, then HR (asked only now).
    const boss = await phone(browser, leaders[0].employeeNo);
    await boss.goto(itemPath);
    await boss.getByTestId("decide-agree").click();
    await expect(boss.getByTestId("approval-step").nth(1)).toHaveAttribute("data-status", "active");
    const hrPhone = await phone(browser, hr.employeeNo);
    await hrPhone.goto(itemPath);
    await hrPhone.getByTestId("decide-agree").click();
    await expect(hrPhone.getByTestId("approval-result")).toHaveText("审批通过");
    await emp.goto(itemPath);
    await expect(emp.getByTestId("approval-result")).toHaveText("审批通过");
    await emp.screenshot({ path: "test-results/approval-overtime/02-approved.png", fullPage: true });

    // The attendance day counts the approved 5 hours as rest-day overtime (by approval: no punch needed).
    const [{ id: employeeId }] = await sql<{ id: string }>("select id from employees where employee_no = $1", [employee.employeeNo]);
    const cell = await hrDesk.page.request.get(`/api/attendance/sheet/cell?employee=${employeeId}&date=${date}`);
    expect(cell.status(), await cell.text()).toBe(200);
    const day = (await cell.json()) as { dayType: string; overtime: { workday: number; restDay: number; holiday: number }; explanation: string };
    if (day.dayType === "statutory_holiday") expect(day.overtime.holiday).toBe(300);
    else if (day.dayType === "weekend" || day.dayType === "in_lieu_rest") expect(day.overtime).toEqual({ workday: 0, restDay: 300, holiday: 0 });
    else expect(day.overtime.workday).toBeGreaterThan(0); // a make-up workday: the part outside the shift
    expect(day.explanation).toContain("按审批时长");

    // The monthly sheet names the mode.
    await hrDesk.page.goto(`/console/attendance/sheet?month=${date.slice(0, 7)}`);
    await expect(hrDesk.page.getByTestId("sheet-overtime-mode")).toHaveAttribute("data-mode", "approval");

    // The simulated DingTalk attendance holds the overtime once: approvals/finish, bizType 1, 5 hours, 调休.
    const finished = async () =>
      ((await (await request.get("/api/sim/dingtalk/todos")).json()) as { attendanceApprovals: { approveId: string; calls: number; body: Record<string, unknown> }[] }).attendanceApprovals.filter(
        (a) => a.approveId === `qd-approval-${itemId}`,
      );
    await expect.poll(async () => (await finished()).map((a) => a.calls), { timeout: 30_000 }).toEqual([1]);
    const [finish] = await finished();
    expect(finish.body).toMatchObject({ tagName: "加班", overtimeDuration: "5", overTimeToMore: 1, topCalculateApproveDurationParam: { bizType: 1, fromTime: `${date} ${start}`, toTime: `${date} ${end}`, durationUnit: "hour" } });
    await emp.waitForTimeout(5_000);
    expect((await finished()).map((a) => a.calls)).toEqual([1]);
  } finally {
    await setMode(browser, hr.employeeNo, "punches");
    await hrDesk.context.close();
  }
});
