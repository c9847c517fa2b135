// The manager's live attendance board (issue 14 item 2), against the simulator: the manager of 平台研发部 opens
// 团队考勤 inside WeCom; an employee punches through POST /api/attendance/punch and shows up under 已到 without a
// reload (the SSE stream); a colleague who has not punched is under 未打卡 and gets exactly one chat reminder (the
// simulator's message log and the notification outbox) even when 提醒未打卡 is tapped twice. Then the console's
// 考勤看板 with the week's trend, and the phone page's weight as the manager sees it.
//
// Today must be deterministic whatever the weekday and hour the suite runs at: the two people get a roster row for
// today on a shift of our own that starts an hour from now (so "now" is on time and "not yet" is not overdue). That
// needs our own database (DATABASE_URL, PostgreSQL, as in CI's e2e run); on the embedded PGlite it is skipped.
import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PLACES } from "../db/demo-attendance";
import { freshRosterDay, localClock, ownShift, pgUrl, sql } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";
import { BARE_NEXT_PAGE_JS_BYTES, OVER_BARE_BUDGET_BYTES, measurePageWeight } from "./page-weight";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SHOTS = "/tmp/shots-board";
const TZ = "Asia/Shanghai";

const people = demoPeople();
// Two people of 基础架构组 / 数据平台组 (under the manager's 平台研发部), not the punch-clock spec's employee.
const team = people.all.filter((e) => !e.isLeader && e.role === "employee" && (e.departmentCode === "D111" || e.departmentCode === "D112") && e.employeeNo !== people.employee.employeeNo);
const puncher = team[0];
const notYet = team[1];

/** Today's roster for both people on a shift starting in an hour; their punches, days and reminders of today gone. */
async function prepareToday(): Promise<{ date: string; ids: Record<string, number> }> {
  const { date, minutes } = localClock(TZ);
  const rows = await sql<{ id: string; employee_no: string }>("select id, employee_no from employees where employee_no = any($1)", [[puncher.employeeNo, notYet.employeeNo]]);
  const ids = Object.fromEntries(rows.map((r) => [r.employee_no, Number(r.id)]));
  const both = Object.values(ids);
  await freshRosterDay(both, date, await ownShift("E2E 看板班", minutes + 60, 5));
  await sql("update leave_spans set cancelled_at = now() where employee_id = any($1) and source = 'demo' and cancelled_at is null and ends_at > now() - interval '1 day'", [both]);
  await sql("delete from notification_outbox where kind = 'attendance_punch_nudge' and dedupe_key = any($1)", [both.map((id) => `attendance_punch_nudge:${date}:${id}`)]);
  return { date, ids };
}

async function phoneAs(browser: Browser, employeeNo: string, locale: "zh-CN" | "en" = "zh-CN"): Promise<Page> {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  if (locale === "en") await ctx.addCookies([{ name: "locale", value: "en", url: page.url() }]);
  return page;
}

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test("a punch shows on the manager's open board without a reload; 提醒未打卡 tapped twice sends one reminder", { tag: "@solo" }, async ({ browser, request }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to give two people a roster for today in our own database");
  test.setTimeout(120_000);
  const { date, ids } = await prepareToday();
  await request.delete("/api/sim/messages");

  const board = await phoneAs(browser, people.manager.employeeNo);
  await board.goto("/attendance");
  await board.getByTestId("open-team-board").click();
  await expect(board).toHaveURL(/\/attendance\/team$/);
  await expect(board.getByTestId("board")).toHaveAttribute("data-date", date);
  await expect(board.getByTestId("board-live-state")).toHaveAttribute("data-state", "live");
  // A full reload would drop this marker; router.refresh (what the stream triggers) keeps the document.
  await board.evaluate(() => ((window as unknown as { __boardMarker: number }).__boardMarker = 1));
  const noReload = async () => expect(await board.evaluate(() => (window as unknown as { __boardMarker?: number }).__boardMarker), "no reload").toBe(1);

  // Both are not yet punched in (their shift starts in an hour).
  const row = (no: string) => board.locator(`[data-testid="board-person"][data-employee-no="${no}"]`);
  await expect(row(puncher.employeeNo)).toHaveAttribute("data-bucket", "not_yet");
  await expect(row(notYet.employeeNo)).toHaveAttribute("data-bucket", "not_yet");
  await board.screenshot({ path: `${SHOTS}/team-phone-zh-CN-before.png`, fullPage: true });

  // The employee punches on their own phone (the punch API the 考勤 tab's button calls).
  const present0 = Number(await board.getByTestId("board-count-present").getAttribute("data-count"));
  const employee = await phoneAs(browser, puncher.employeeNo);
  const t0 = Date.now();
  const punch = await employee.request.post("/api/attendance/punch", { data: { clientId: `board-e2e-${Date.now().toString(36)}`, lat: DEMO_PLACES.hqA.lat, lng: DEMO_PLACES.hqA.lng, coord: "gcj02" } });
  expect(punch.status(), await punch.text()).toBe(201);
  const tPunched = Date.now();
  await expect(board.getByTestId("board-count-present")).toHaveAttribute("data-count", String(present0 + 1), { timeout: 8_000 });
  console.log(`board lag behind the punch: ${Date.now() - tPunched} ms after the 201 (${Date.now() - t0} ms after the request)`);
  // The target is 2 s (measured ~1 s on an idle host); a loaded shared CI host gets room, the number is printed.
  expect(Date.now() - tPunched).toBeLessThan(6_000);
  await expect(row(puncher.employeeNo)).toHaveAttribute("data-bucket", "present");
  await noReload();
  await board.screenshot({ path: `${SHOTS}/team-phone-zh-CN-present.png`, fullPage: true });

  // 提醒未打卡, twice: the colleague gets exactly one reminder.
  await expect(row(notYet.employeeNo)).toBeVisible();
  const remind = board.getByTestId("board-remind");
  await remind.click();
  await expect(board.getByTestId("board-remind-result")).toContainText("已发送");
  await board.screenshot({ path: `${SHOTS}/team-phone-zh-CN-reminded.png`, fullPage: true });
  await remind.click();
  await expect(board.getByTestId("board-remind-result")).toContainText("已发送 0 条提醒");
  const again = await board.request.post("/api/attendance/board/remind", { data: {} });
  expect(await again.json()).toMatchObject({ queued: 0 });

  const userid = notYet.wecomUserId;
  // Punch-in reminders only: the server's reminders loop may send other kinds meanwhile (e.g. yesterday's missing punch).
  const messagesTo = async (who: string) =>
    ((await (await request.get(`/api/sim/messages?to=${encodeURIComponent(who)}`)).json()) as { messages: { to: string; content?: unknown }[] }).messages.filter((m) =>
      JSON.stringify(m).includes("你还没有打上班卡"),
    );
  await expect.poll(async () => (await messagesTo(userid)).length, { timeout: 20_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 4_500)); // two more sender rounds: still one
  const msgs = await messagesTo(userid);
  expect(msgs).toHaveLength(1);
  expect(JSON.stringify(msgs[0])).toContain("你还没有打上班卡");
  const outbox = await sql<{ n: number }>("select count(*)::int as n from notification_outbox where kind = 'attendance_punch_nudge' and recipient_employee_id = $1 and dedupe_key like $2", [ids[notYet.employeeNo], `%:${date}:%`]);
  expect(outbox[0].n).toBe(1);
  // The one who punched is not reminded.
  expect(await messagesTo(puncher.wecomUserId)).toHaveLength(0);
  await noReload();
  await employee.context().close();
  await board.context().close();
});

test("the console board: the same buckets in a wide layout with the week's trend; a department outside the scope is not found", async ({ browser }) => {
  for (const locale of ["zh-CN", "en"] as const) {
    const ctx = await browser.newContext({ viewport: DESKTOP, userAgent: UA.desktop, locale });
    const page = await ctx.newPage();
    await loginAs(page, { vendor: "wecom", employeeNo: people.manager.employeeNo, ua: "pc" });
    if (locale === "en") await ctx.addCookies([{ name: "locale", value: "en", url: page.url() }]);
    await page.goto("/console/attendance/board");
    await expect(page.getByTestId("board")).toBeVisible();
    await expect(page.getByTestId("board-week-day")).toHaveCount(7);
    await expect(page.getByRole("navigation", { name: locale === "en" ? "Console navigation" : "管理后台导航" }).getByRole("link", { name: locale === "en" ? "Attendance board" : "考勤看板" })).toHaveAttribute("aria-current", "page");
    await page.screenshot({ path: `${SHOTS}/board-console-${locale}.png`, fullPage: true });
    await ctx.close();
  }
  const ctx = await browser.newContext({ viewport: DESKTOP, userAgent: UA.desktop });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: people.manager.employeeNo, ua: "pc" });
  const outside = await page.request.get("/api/attendance/board");
  const json = (await outside.json()) as { departments: { id: number }[] };
  const seen = new Set(json.departments.map((d) => d.id));
  let foreign = 1;
  while (seen.has(foreign)) foreign++;
  const refused = await page.request.get(`/api/attendance/board?department=${foreign}`);
  expect(refused.status()).toBe(404);
  const bad = await page.request.get("/api/attendance/board?department=abc");
  expect(bad.status()).toBe(400);
  await ctx.close();
});

test("an employee who leads nothing sees why, in Chinese; the phone board in English; the team page stays within the page budget", async ({ browser }) => {
  const employee = await phoneAs(browser, people.employee.employeeNo);
  await employee.goto("/attendance/team");
  await expect(employee.getByTestId("forbidden")).toContainText("你没有负责的部门");
  await expect((await employee.request.get("/api/attendance/board")).status()).toBe(403);
  await employee.context().close();

  const en = await phoneAs(browser, people.manager.employeeNo, "en");
  await en.goto("/attendance/team");
  await expect(en.getByTestId("board")).toBeVisible();
  await expect(en.getByTestId("board-count-not_yet")).toContainText("Not yet");
  await expect(en.getByTestId("board-live-state")).toHaveAttribute("data-state", "live");
  await en.screenshot({ path: `${SHOTS}/team-phone-en.png`, fullPage: true });
  await en.context().close();

  const manager = await phoneAs(browser, people.manager.employeeNo);
  const w = await measurePageWeight(manager.context(), "/attendance/team");
  console.log(`/attendance/team as the manager: ${(w.jsGzipBytes / 1024).toFixed(1)} KB gzip JS (bare ${(BARE_NEXT_PAGE_JS_BYTES / 1024).toFixed(1)} KB + budget ${(OVER_BARE_BUDGET_BYTES / 1024).toFixed(1)} KB) [${w.libraries.join(", ")}]`);
  expect(w.jsGzipBytes).toBeLessThanOrEqual(BARE_NEXT_PAGE_JS_BYTES + OVER_BARE_BUDGET_BYTES);
  expect(w.libraries).not.toContain("zod");
  expect(w.libraries).not.toContain("recharts");
  await manager.context().close();
});
