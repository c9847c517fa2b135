// Meetings UI end to end: HR creates a meeting that has already ended (one invitee), opens the edit screen from the
// meeting page on a phone, renames it and adds a second invitee on the PC edit screen (saving recomputes: the new
// invitee becomes absent and the count of changed records is shown); then enters a leave for that person on the
// leave screen and sees the meeting's status become on_leave — on the leave screen and in the meeting report.
// Finally the notification delivery page opens for HR and is refused to a manager.
import { expect, test, type Browser } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const TZ = "Asia/Shanghai";

function wall(d: Date) {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return { date: `${g("year")}-${g("month")}-${g("day")}`, time: `${g("hour")}:${g("minute")}` };
}

async function desktop(browser: Browser) {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
  return ctx.newPage();
}

test("edit a meeting, enter a leave (status becomes on_leave), open notification delivery", async ({ browser }) => {
  test.setTimeout(240_000);
  const people = demoPeople();
  const [X, Y] = people.all.filter((e) => e.role === "employee" && !e.isLeader && e.departmentCode.startsWith("D2")).slice(0, 2);
  const hr = people.hr;
  // A meeting that ended an hour ago, so an edit finalises it (absences are written).
  const startsAt = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000);
  const endsAt = new Date(startsAt.getTime() + 60 * 60_000);

  // 1. HR on the phone: create the meeting through the API, then open it and follow the edit link.
  const phoneCtx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const phone = await phoneCtx.newPage();
  await loginAs(phone, { vendor: "wecom", employeeNo: hr.employeeNo });
  const created = await phone.request.post("/api/meetings", {
    data: { title: "请假联动 e2e 会议", startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), inviteeEmployeeNos: [X.employeeNo], lateAfterMinutes: 5 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await phone.goto(`/meetings/${id}`);
  await phone.getByTestId("edit-meeting-link").click();
  await phone.waitForURL(new RegExp(`/meetings/${id}/edit$`));
  await expect(phone.getByTestId("meeting-edit-form")).toBeVisible();
  await expect(phone.locator("#edit-title")).toHaveValue("请假联动 e2e 会议");
  await phone.screenshot({ path: "test-results/meetings-ui-edit-mobile.png", fullPage: true });

  // 2. HR on the PC edit screen: rename, add Y; the result says how many records changed.
  const pc = await desktop(browser);
  await loginAs(pc, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await pc.goto(`/console/meetings/${id}/edit`);
  await expect(pc.getByTestId("edit-heading")).toHaveText("编辑会议");
  await pc.locator("#edit-title").fill("请假联动 e2e 会议（已改期）");
  await pc.locator("#edit-add").fill(Y.employeeNo);
  await pc.locator("#edit-late").fill("10");
  await pc.getByTestId("edit-save").click();
  const result = pc.getByTestId("edit-result");
  await expect(result).toBeVisible();
  await expect(result).toContainText("追加 1 人");
  expect(Number(await result.getAttribute("data-changed"))).toBeGreaterThanOrEqual(1); // Y's absence at least
  await pc.screenshot({ path: "test-results/meetings-ui-edit-pc.png", fullPage: true });

  // A bad edit is refused with its reason and changes nothing.
  await pc.locator("#edit-add").fill("QD99999");
  await pc.getByTestId("edit-save").click();
  await expect(pc.getByTestId("edit-error")).toContainText("QD99999");

  await pc.goto(`/console/meetings/${id}`);
  await expect(pc.getByTestId("report-title")).toHaveText("请假联动 e2e 会议（已改期）");
  await expect(pc.locator(`[data-employee-no="${Y.employeeNo}"]`)).toHaveAttribute("data-status", "absent");

  // 3. Leave entry: find Y by employee number, cover the meeting, see the meeting become on_leave.
  await pc.getByRole("link", { name: "请假登记" }).click();
  await pc.waitForURL(/\/console\/leaves$/);
  await expect(pc.getByTestId("leaves-heading")).toHaveText("请假登记");
  await pc.screenshot({ path: "test-results/meetings-ui-leaves-empty.png", fullPage: true });
  await pc.getByTestId("leave-search").fill(Y.employeeNo);
  await pc.getByTestId("leave-hits").getByRole("button", { name: new RegExp(Y.name) }).click();
  await expect(pc.getByTestId("leave-picked")).toContainText(Y.employeeNo);
  const from = wall(new Date(startsAt.getTime() - 10 * 60_000));
  const to = wall(new Date(endsAt.getTime() + 10 * 60_000));
  await pc.locator("#leave-from").fill(from.date);
  await pc.locator("#leave-from-time").fill(from.time);
  await pc.locator("#leave-to").fill(to.date);
  await pc.locator("#leave-to-time").fill(to.time);
  await pc.locator("#leave-reason").fill("病假");
  await pc.getByTestId("leave-submit").click();
  const effect = pc.getByTestId("leave-effects").locator(`[data-meeting-id="${id}"]`);
  await expect(effect).toHaveAttribute("data-status", "on_leave");
  await expect(pc.getByTestId("leave-result")).toContainText("1 场会议的状态改为请假");
  await pc.reload();
  await expect(pc.getByTestId("leaves-table").locator(`[data-employee-no="${Y.employeeNo}"]`)).toContainText("病假");
  await pc.screenshot({ path: "test-results/meetings-ui-leaves.png", fullPage: true });

  await pc.goto(`/console/meetings/${id}`);
  await expect(pc.locator(`[data-employee-no="${Y.employeeNo}"]`)).toHaveAttribute("data-status", "on_leave");

  // 4. Notification delivery: a meeting starting in 10 minutes gets its reminders queued and sent through the
  // simulator; HR sees them by kind/channel/status with masked recipients (no names, no phone numbers).
  const soon = new Date(Date.now() + 10 * 60_000);
  const upcoming = await pc.request.post("/api/meetings", {
    data: { title: "提醒 e2e 会议", startsAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 30 * 60_000).toISOString(), inviteeEmployeeNos: [X.employeeNo], remindBeforeMinutes: 15 },
  });
  expect(upcoming.status(), await upcoming.text()).toBe(201);
  await pc.getByRole("link", { name: "消息推送" }).click();
  await pc.waitForURL(/\/console\/notifications$/);
  await expect(pc.getByTestId("notifications-heading")).toHaveText("消息推送");
  await expect(pc.getByTestId("delivery-totals")).toBeVisible();
  await expect
    .poll(async () => {
      await pc.reload();
      return pc.locator('[data-testid="delivery-summary"] tr[data-kind="meeting_reminder"]').count();
    }, { timeout: 45_000, intervals: [2_000] })
    .toBeGreaterThan(0);
  const recipients = await pc.getByTestId("masked-recipient").allInnerTexts();
  for (const r of recipients) expect(r).not.toContain(X.name);
  expect(await pc.locator("main").innerText()).not.toMatch(/\b1[3-9]\d{9}\b/);
  await pc.screenshot({ path: "test-results/meetings-ui-notifications.png", fullPage: true });
  await pc.goto("/console/notifications?channel=wecom&days=30");
  await expect(pc.getByTestId("notifications-heading")).toBeVisible();

  // English copy (second language) on the same screens.
  await pc.context().addCookies([{ name: "locale", value: "en", url: new URL(pc.url()).origin }]);
  await pc.goto("/console/leaves");
  await expect(pc.getByTestId("leaves-heading")).toHaveText("Leave entry");
  await pc.screenshot({ path: "test-results/meetings-ui-leaves-en.png", fullPage: true });
  await pc.goto(`/console/meetings/${id}/edit`);
  await expect(pc.getByTestId("edit-heading")).toHaveText("Edit meeting");

  const mgr = await desktop(browser);
  await loginAs(mgr, { vendor: "wecom", employeeNo: people.manager.employeeNo, ua: "pc" });
  await mgr.goto("/console/notifications");
  await expect(mgr.getByTestId("forbidden")).toBeVisible();
  await mgr.goto(`/console/meetings/${id}/edit`);
  await expect(mgr.getByTestId("meeting-edit-form")).toHaveCount(0);
});
