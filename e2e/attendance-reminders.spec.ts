// Reminders in chat (issue 14 item 4), against the simulator: the server's own attendance.reminders loop (once a
// minute, real clock) sends an employee who has not punched in exactly one "你还没有打上班卡" — the simulator's
// message log shows one, still one after another loop round — with a link into /attendance; HR sees it on 消息推送
// under its kind, and sets a group's reminders on 打卡提醒 (zh-CN and en).
//
// Deterministic whatever the hour: the employee gets an attendance group of our own (person-level membership beats
// the department's; quiet hours off) and a roster row for today on a shift that started 10 minutes ago, so the
// reminder is due now. That needs our own database (DATABASE_URL, PostgreSQL); on the embedded PGlite it is skipped.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { freshRosterDay, localClock, ownShift, pgUrl, sql } from "./db";
import { demoPeople, loginAs } from "./fixtures";

const TZ = "Asia/Shanghai";
const SHOTS = "/tmp/shots-reminders";
const DESKTOP = { width: 1440, height: 900 };
const GROUP = "E2E 提醒组";

const people = demoPeople();
// Someone of 杭州销售组 no other spec uses.
const who = people.all.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D312")[2];

async function prepare(): Promise<{ date: string; id: number; groupId: number }> {
  const { date, minutes } = localClock(TZ);
  const [{ id }] = await sql<{ id: string }>("select id from employees where employee_no = $1", [who.employeeNo]);
  const shiftId = await ownShift("E2E 提醒班", minutes - 10, 0);
  const reminders = JSON.stringify({ enabled: true, punchInAfterMinutes: 10, punchOut: true, missingNextMorning: true, missingAt: "09:30", monthSummary: true, quietStart: "00:00", quietEnd: "00:00" });
  let [group] = await sql<{ id: string }>("select id from attendance_groups where name = $1", [GROUP]);
  if (!group) [group] = await sql<{ id: string }>("insert into attendance_groups (name, schedule, reminders) values ($1, 'roster', $2::jsonb) returning id", [GROUP, reminders]);
  else await sql("update attendance_groups set reminders = $2::jsonb where id = $1", [group.id, reminders]);
  await sql("insert into attendance_group_members (group_id, employee_id) select $1, $2 where not exists (select 1 from attendance_group_members where group_id = $1 and employee_id = $2)", [group.id, id]);
  await freshRosterDay([Number(id)], date, shiftId);
  await sql("update leave_spans set cancelled_at = now() where employee_id = $1 and cancelled_at is null and ends_at > now() - interval '1 day'", [id]);
  await sql("delete from notification_outbox where recipient_employee_id = $1 and dedupe_key like $2", [id, `%:${date}:%`]);
  return { date, id: Number(id), groupId: Number(group.id) };
}

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test("the reminders loop sends a not-yet-punched employee exactly one 你还没有打上班卡, shown on 消息推送 under its kind", async ({ browser, request }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to give the employee a group and a roster for today in our own database");
  test.skip(localClock(TZ).minutes < 20, "just after local midnight the shift would start on the day before");
  test.setTimeout(240_000);
  const { date, id, groupId } = await prepare();
  try {
    const messagesTo = async () =>
      ((await (await request.get(`/api/sim/messages?to=${encodeURIComponent(who.wecomUserId)}`)).json()) as { messages: { to: string; content?: unknown }[] }).messages.filter((m) =>
        JSON.stringify(m).includes("你还没有打上班卡"),
      );
    await request.delete("/api/sim/messages");
    // The loop runs once a minute; the sender picks the row up within seconds.
    await expect.poll(async () => (await messagesTo()).length, { timeout: 100_000, intervals: [2_000] }).toBe(1);
    const [msg] = await messagesTo();
    expect(JSON.stringify(msg)).toMatch(/https?:\/\/[^"]+\/attendance"/);
    // Another loop round (and sender rounds) later: still one.
    await new Promise((r) => setTimeout(r, 65_000));
    expect(await messagesTo()).toHaveLength(1);
    const rows = await sql<{ kind: string; status: string }>("select kind, status from notification_outbox where recipient_employee_id = $1 and dedupe_key like $2", [id, `%:${date}:%`]);
    expect(rows).toEqual([{ kind: "attendance_punch_nudge", status: "sent" }]);

    // HR: delivery state with the kind, and the group's settings page.
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
    const page = await ctx.newPage();
    await loginAs(page, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
    await page.goto("/console/notifications?kind=attendance_punch_nudge&days=1");
    await expect(page.getByTestId("delivery-recent").locator('tr[data-kind="attendance_punch_nudge"]').first()).toContainText("上班打卡提醒");
    await page.screenshot({ path: `${SHOTS}/notifications-console-zh-CN.png` });
    await page.goto("/console/attendance/reminders");
    const form = page.getByTestId(`reminders-form-${groupId}`);
    await expect(form.getByTestId("reminders-quietStart")).toHaveValue("00:00");
    await form.getByTestId("reminders-punchInAfterMinutes").fill("15");
    await page.getByTestId(`reminders-save-${groupId}`).click();
    await expect(page.getByTestId(`reminders-note-${groupId}`)).toHaveText("已保存");
    const [g] = await sql<{ reminders: { punchInAfterMinutes: number } }>("select reminders from attendance_groups where id = $1", [groupId]);
    expect(g.reminders.punchInAfterMinutes).toBe(15);
    const audit = await sql<{ n: number }>("select count(*)::int as n from audit_log where action = 'attendance.group.reminders' and target_id = $1", [String(groupId)]);
    expect(audit[0].n).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: `${SHOTS}/reminders-console-zh-CN.png`, fullPage: true });
    await ctx.addCookies([{ name: "locale", value: "en", url: page.url() }]);
    await page.reload();
    await expect(page.getByTestId("reminders-heading")).toHaveText("Punch reminders");
    await page.screenshot({ path: `${SHOTS}/reminders-console-en.png`, fullPage: true });
    await ctx.close();
  } finally {
    // The employee goes back to their department's group.
    await sql("delete from attendance_group_members where group_id = $1 and employee_id = $2", [groupId, id]);
  }
});
