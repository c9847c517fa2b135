// Meetings end to end against the simulator: an organiser creates a meeting; A opens the QR link (WeCom) and is on
// time; C joins through a signed Tencent Meeting event (automatic check-in); B is late; C leaves early; the end
// is moved to now (an edit after the fact) and D, who never came, becomes absent. The organiser's live view
// changes without a reload; HR's report and its XLSX export show exactly these five.
import ExcelJS from "exceljs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SIM } from "../lib/vendors/config";
import { tencentMeetingSignedPost, tencentParticipantEvent } from "../lib/vendors/tencent-meeting/sender";
import { demoPeople, loginAs, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const TZ = "Asia/Shanghai";

function wall(d: Date) {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return { date: `${g("year")}-${g("month")}-${g("day")}`, time: `${g("hour")}:${g("minute")}` };
}

async function phone(browser: Browser) {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  return ctx.newPage();
}

async function tencent(page: Page, kind: "joined" | "left", meetingId: string, userid: string) {
  const req = tencentMeetingSignedPost({ token: SIM.tencentMeeting.token, aesKey: SIM.tencentMeeting.aesKey }, tencentParticipantEvent(kind, meetingId, userid));
  const r = await page.request.post(req.pathAndQuery, { headers: req.headers, data: req.body });
  const body = await r.text();
  expect(r.status(), body).toBe(200);
  expect(body).toBe("successfully received callback");
}

test("meeting day: QR on time, video auto check-in, late, early leave, absent; live view; HR report and XLSX", async ({ browser }) => {
  test.setTimeout(300_000);
  const people = demoPeople();
  const [A, B, C, D] = people.all.filter((e) => e.role === "employee" && !e.isLeader && e.departmentCode.startsWith("D12")).slice(0, 4);
  const organiser = people.manager;
  const videoId = `TM${Date.now()}`;
  // Start on the next whole minute (+30 s margin); late after 0 minutes; early leave: any leave before the end.
  const start = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
  const s = wall(start);
  const e = wall(new Date(start.getTime() + 60 * 60_000));

  // 1. The organiser creates the meeting in the workbench.
  const org = await phone(browser);
  await loginAs(org, { vendor: "wecom", employeeNo: organiser.employeeNo });
  await org.goto("/meetings/new");
  await org.getByLabel("会议主题").fill("签到 e2e 周例会");
  await org.locator("#date").fill(s.date);
  // An end at or before the start is the next day, and the form says so (a 23:30–00:30 meeting).
  await org.locator("#start").fill("23:30");
  await org.locator("#end").fill("00:30");
  await expect(org.getByTestId("end-next-day")).toHaveText("（次日）");
  await org.locator("#start").fill(s.time);
  await org.locator("#end").fill(e.time);
  // This run's hour-long meeting crosses midnight when it starts after 23:00 Beijing time.
  await expect(org.getByTestId("end-next-day")).toHaveCount(e.time <= s.time ? 1 : 0);
  await org.getByLabel("地点").fill("总部 A 座 12 层大会议室");
  // The people picker (a full-screen sheet): find each by 工号 and tick them.
  await org.getByTestId("open-picker").click();
  for (const p of [A, B, C, D]) {
    await org.getByTestId("picker-search").fill(p.employeeNo);
    await org.locator(`[data-testid="picker-person"][data-employee-no="${p.employeeNo}"] button`).click();
  }
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", "4");
  await org.getByTestId("picker-done").click();
  await org.locator("#lateAfter").fill("0");
  await org.locator("#earlyLeave").fill("0");
  await org.locator("#video").fill(videoId);
  await org.screenshot({ path: "test-results/meetings-new.png", fullPage: true });
  await org.getByTestId("meeting-submit").click();
  await org.waitForURL(/\/meetings\/\d+$/);
  const meetingId = Number(new URL(org.url()).pathname.split("/").pop());
  const stored = (await (await org.request.get(`/api/meetings/${meetingId}`)).json()) as { meeting: { startsAt: string; endsAt: string } };
  expect([new Date(stored.meeting.startsAt).getTime(), new Date(stored.meeting.endsAt).getTime()]).toEqual([start.getTime(), start.getTime() + 3_600_000]);
  await expect(org.getByTestId("live-view")).toBeVisible();
  await expect(org.getByTestId("count-invited")).toHaveText("4");
  await expect(org.getByTestId("count-checked-in")).toHaveText("0");

  // 2. A scans the rotating QR with WeCom: signed in silently, checked in, on time (before the start).
  const qr = await (await org.request.get(`/api/meetings/${meetingId}/qr`)).json();
  const a = await phone(browser);
  await loginAs(a, { vendor: "wecom", employeeNo: A.employeeNo });
  await a.goto(new URL(qr.url).pathname + new URL(qr.url).search);
  await expect(a.getByTestId("checkin-result")).toHaveAttribute("data-status", "on_time");
  await a.screenshot({ path: "test-results/meetings-checkin-ok.png" });
  // A second scan is refused with its own message and changes nothing.
  const again = await a.request.post("/api/checkin", { data: { method: "qr", meetingId, code: qr.code } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toBe("checkin_already");
  // The organiser's live view changed without a reload.
  await expect(org.getByTestId("count-on_time")).toHaveAttribute("data-count", "1", { timeout: 5_000 });

  // 3. C joins the linked Tencent Meeting: checked in automatically.
  await tencent(org, "joined", videoId, C.wecomUserId);
  await expect(org.getByTestId("count-on_time")).toHaveAttribute("data-count", "2", { timeout: 15_000 });

  // 4. After the start, B scans: late.
  await org.screenshot({ path: "test-results/meetings-live.png", fullPage: true });
  const wait = start.getTime() + 2_000 - Date.now();
  if (wait > 0) await org.waitForTimeout(wait);
  const b = await phone(browser);
  await loginAs(b, { vendor: "wecom", employeeNo: B.employeeNo });
  const qr2 = await (await org.request.get(`/api/meetings/${meetingId}/qr`)).json();
  await b.goto(new URL(qr2.url).pathname + new URL(qr2.url).search);
  await expect(b.getByTestId("checkin-result")).toHaveAttribute("data-status", "late");
  await expect(org.getByTestId("count-late")).toHaveAttribute("data-count", "1", { timeout: 5_000 });

  // 5. C leaves the video meeting early.
  await tencent(org, "left", videoId, C.wecomUserId);
  await expect(org.getByTestId("count-early_leave")).toHaveAttribute("data-count", "1", { timeout: 15_000 });

  // 6. The meeting is cut short (edited after the fact): D never came and becomes absent after the end.
  const patch = await org.request.patch(`/api/meetings/${meetingId}`, { data: { endsAt: new Date(Date.now() + 3_000).toISOString() } });
  expect(patch.status(), await patch.text()).toBe(200);
  await expect(org.getByTestId("count-absent")).toHaveAttribute("data-count", "1", { timeout: 30_000 });
  await expect(org.getByTestId("count-early_leave")).toHaveAttribute("data-count", "1");

  // 7. HR: the meeting report and its XLSX export show exactly these five... four invitees plus nobody else.
  const hr = await (await browser.newContext({ viewport: DESKTOP, userAgent: UA.desktop, locale: "zh-CN" })).newPage();
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  await hr.goto(`/console/meetings/${meetingId}`);
  const expected: Record<string, string> = { [A.employeeNo]: "on_time", [B.employeeNo]: "late", [C.employeeNo]: "early_leave", [D.employeeNo]: "absent" };
  const rows = hr.getByTestId("attendance-table").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  for (const [no, status] of Object.entries(expected)) {
    await expect(hr.locator(`tr[data-employee-no="${no}"]`)).toHaveAttribute("data-status", status);
  }
  await hr.screenshot({ path: "test-results/meetings-console-report.png", fullPage: true });
  const xlsx = await hr.request.get(`/api/meetings/${meetingId}/export?format=xlsx`);
  expect(xlsx.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const got: Record<string, string> = {};
  sheet.eachRow((row, n) => {
    if (n > 1) got[String(row.getCell(4).value)] = String(row.getCell(7).value);
  });
  const zh: Record<string, string> = { on_time: "准时", late: "迟到", early_leave: "早退", absent: "缺席" };
  expect(got).toEqual(Object.fromEntries(Object.entries(expected).map(([no, st]) => [no, zh[st]])));

  // The period report shows the same meeting.
  await hr.goto("/console/reports");
  await expect(hr.getByTestId("report-meetings")).toContainText("签到 e2e 周例会");
  await hr.screenshot({ path: "test-results/meetings-console-reports.png", fullPage: true });
  await hr.goto("/console/meetings");
  await expect(hr.getByTestId("console-meetings")).toContainText("签到 e2e 周例会");
  await hr.screenshot({ path: "test-results/meetings-console-list.png", fullPage: true });

  // The other screens, at phone size: the full-screen QR display, the employee's home and meetings list.
  await org.goto(`/meetings/${meetingId}/qr`);
  await expect(org.getByTestId("qr-code")).toBeVisible();
  await org.screenshot({ path: "test-results/meetings-qr.png" });
  await a.goto("/");
  await expect(a.getByTestId("today-meetings")).toContainText("签到 e2e 周例会");
  await a.screenshot({ path: "test-results/meetings-home.png", fullPage: true });
  await a.goto("/meetings");
  await a.screenshot({ path: "test-results/meetings-list.png", fullPage: true });
});

test("refusals: forged and expired QR codes, not invited, location denied, outside the fence — each its own message", async ({ browser }) => {
  const people = demoPeople();
  const org = await phone(browser);
  await loginAs(org, { vendor: "wecom", employeeNo: people.manager.employeeNo });
  const start = new Date(Date.now() + 5 * 60_000);
  const created = await org.request.post("/api/meetings", {
    data: {
      title: "拒绝场景", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      latitude: 31.2304, longitude: 121.4737, radiusMeters: 200, inviteeEmployeeNos: [people.employee.employeeNo],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const emp = await phone(browser);
  await loginAs(emp, { vendor: "wecom", employeeNo: people.employee.employeeNo });

  await emp.goto(`/checkin?m=${id}&c=${encodeURIComponent("zz.AAAAAAAAAAAAAAAA")}`);
  await expect(emp.getByTestId("checkin-result")).toHaveAttribute("data-code", "checkin_qr_invalid");
  await expect(emp.getByTestId("checkin-message")).toContainText("二维码无效");
  await emp.screenshot({ path: "test-results/meetings-checkin-refused.png" });

  const post = (data: unknown) => emp.request.post("/api/checkin", { data });
  const denied = await post({ method: "geofence", meetingId: id, location: { ok: false, error: "denied", source: "wecom" } });
  expect(denied.status()).toBe(422);
  expect(await denied.json()).toMatchObject({ error: "checkin_location_unavailable", reason: "denied" });
  const far = await post({ method: "geofence", meetingId: id, location: { ok: true, latitude: 31.26, longitude: 121.4737, coordType: "gcj02", source: "wecom" } });
  expect(far.status()).toBe(422);
  expect((await far.json()).error).toBe("checkin_outside_fence");

  const outsider = await phone(browser);
  await loginAs(outsider, { vendor: "wecom", employeeNo: people.outsider.employeeNo });
  const qr = await (await org.request.get(`/api/meetings/${id}/qr`)).json();
  const notInvited = await outsider.request.post("/api/checkin", { data: { method: "qr", meetingId: id, code: qr.code } });
  expect(notInvited.status()).toBe(403);
  expect((await notInvited.json()).error).toBe("checkin_not_invited");

  // Nothing was written for any refusal.
  const att = await (await org.request.get(`/api/meetings/${id}/attendance`)).json();
  expect(att.rows.filter((r: { status: string }) => r.status !== "not_checked_in")).toHaveLength(0);
});

test("marks after the fact: an organiser cannot mark a stranger; a person HR adds by a mark shows who added them and when", async ({ browser }) => {
  const people = demoPeople();
  const desk = async (employeeNo: string) => {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
    const page = await ctx.newPage();
    await loginAs(page, { vendor: "wecom", employeeNo, ua: "pc" });
    return page;
  };
  // A manager the authorization matrix does not use (what they organise changes whose numbers they may resolve).
  const organiser = people.all.find((e) => e.isLeader && e.role === "employee" && e.departmentCode === "D210")!;
  const member = people.all.find((e) => !e.isLeader && e.role === "employee" && e.departmentCode.startsWith("D21"))!;
  const org = await desk(organiser.employeeNo);
  const hr = await desk(people.hr.employeeNo);
  const idOf = async (page: Page, no: string) => {
    const r = await page.request.get(`/api/meetings/people?no=${no}`);
    expect(r.status(), await r.text()).toBe(200);
    return ((await r.json()) as { id: number }).id;
  };
  const report = await idOf(org, member.employeeNo); // in the organiser's subtree
  const stranger = await idOf(hr, people.outsider.employeeNo); // 上海销售一组: not the organiser's to see
  // The organiser cannot even resolve the stranger's number (the same 404 as for a number that does not exist).
  expect((await org.request.get(`/api/meetings/people?no=${people.outsider.employeeNo}`)).status()).toBe(404);
  expect((await org.request.get("/api/meetings/people?no=QD99999")).status()).toBe(404);

  const start = new Date(Date.now() - 2 * 3600_000);
  const created = await org.request.post("/api/meetings", {
    data: { title: "补录测试会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), inviteeIds: [report], remindBeforeMinutes: 0, nudgeAfterMinutes: 0 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: number }).id;

  const mark = (page: Page, employeeId: number, status: string) => page.request.post(`/api/meetings/${id}/marks`, { data: { employeeId, status, reason: "纸质签到表补录" } });
  const refused = await mark(org, stranger, "absent");
  expect(refused.status(), await refused.text()).toBe(404);
  expect((await mark(org, report, "on_time")).status()).toBe(200);
  const byHr = await mark(hr, stranger, "on_time");
  expect(byHr.status(), await byHr.text()).toBe(200);

  await org.goto(`/console/meetings/${id}`);
  const strangerRow = org.locator(`tr[data-employee-no="${people.outsider.employeeNo}"]`);
  await expect(strangerRow.getByTestId("invitee-added-by")).toHaveText(new RegExp(`^由 ${people.hr.name} 于 .+ 添加$`));
  await expect(org.locator(`tr[data-employee-no="${member.employeeNo}"]`).getByTestId("invitee-added-by")).toHaveCount(0);
  await org.context().close();
  await hr.context().close();
});
