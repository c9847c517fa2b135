// 签退 end to end: an organiser creates a meeting that requires check-out (the workbench form); A and B check in by
// the rotating QR; A checks out by the check-out QR from the organiser's live page (a second check-out changes
// nothing); B never checks out; C never comes. Once the check-out window closes, HR's meeting report and its XLSX
// say A on time (with the check-out time), B early leave, C absent. Screenshots of every touched page, phone and
// desktop, zh-CN and en.
import ExcelJS from "exceljs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const TZ = "Asia/Shanghai";
const shot = (name: string) => `test-results/meeting-checkout/${name}.png`;

function wall(d: Date) {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return { date: `${g("year")}-${g("month")}-${g("day")}`, time: `${g("hour")}:${g("minute")}` };
}

async function phone(browser: Browser, locale: "zh-CN" | "en" = "zh-CN") {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale });
  return ctx.newPage();
}

async function english(page: Page) {
  await page.context().addCookies([{ name: "locale", value: "en", url: new URL(page.url()).origin }]);
}

/** Desktop-size look at a workbench page, then back to the phone. */
async function desktopShot(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: shot(`${name}-1440`), fullPage: true });
  await page.setViewportSize(PHONE);
}

test("check-out: in and out by QR is on time, in without out is early leave, in the report and the export", async ({ browser }) => {
  test.setTimeout(240_000);
  const people = demoPeople();
  const [A, B, C] = people.all.filter((e) => e.role === "employee" && !e.isLeader && e.departmentCode.startsWith("D11")).slice(3, 6);
  const organiser = people.manager;
  // Started two minutes ago (check-in open, on time within the 30-minute grace), an hour long; check-out opens two
  // hours before the end (so now) and closes at the end: the end is moved to now below to settle it.
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000);
  const s = wall(start);
  const e = wall(new Date(start.getTime() + 60 * 60_000));
  const title = `签退 e2e 例会 ${Date.now() % 100000}`;

  // 1. The organiser creates the meeting in the workbench, with 要求签退.
  const org = await phone(browser);
  await loginAs(org, { vendor: "wecom", employeeNo: organiser.employeeNo });
  await org.goto("/meetings/new");
  await org.getByLabel("会议主题").fill(title);
  await org.locator("#date").fill(s.date);
  await org.locator("#start").fill(s.time);
  await org.locator("#end").fill(e.time);
  await org.getByLabel("地点").fill("总部 A 座 12 层大会议室");
  await org.getByTestId("open-picker").click();
  for (const p of [A, B, C]) {
    await org.getByTestId("picker-search").fill(p.employeeNo);
    await org.locator(`[data-testid="picker-person"][data-employee-no="${p.employeeNo}"] button`).click();
  }
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", "3");
  await org.getByTestId("picker-done").click();
  await org.locator("#lateAfter").fill("30");
  await org.getByTestId("checkout-required").check();
  await org.locator("#checkoutOpensBefore").fill("120");
  await org.locator("#checkoutClosesAfter").fill("0");
  await org.getByTestId("checkout-required").scrollIntoViewIfNeeded();
  await org.screenshot({ path: shot("form-zh-390"), fullPage: true });
  await org.getByTestId("meeting-submit").click();
  await org.waitForURL(/\/meetings\/\d+$/);
  const meetingId = Number(new URL(org.url()).pathname.split("/").pop());
  await expect(org.getByTestId("checkout-rule")).toContainText("结束前 120 分钟至结束后 0 分钟");
  await expect(org.getByTestId("show-checkout-qr")).toBeVisible();

  // 2. A and B scan the check-in QR: on time.
  const a = await phone(browser);
  await loginAs(a, { vendor: "wecom", employeeNo: A.employeeNo });
  const b = await phone(browser);
  await loginAs(b, { vendor: "wecom", employeeNo: B.employeeNo });
  for (const p of [a, b]) {
    const qr = await (await org.request.get(`/api/meetings/${meetingId}/qr`)).json();
    await p.goto(new URL(qr.url).pathname + new URL(qr.url).search);
    await expect(p.getByTestId("checkin-result")).toHaveAttribute("data-status", "on_time");
  }
  await expect(org.getByTestId("live-checkout")).toHaveAttribute("data-checked-out", "0");
  await expect(org.getByTestId("count-checked-in")).toHaveText("2", { timeout: 10_000 });

  // 3. A's meeting page offers 签退 in the window; so do the home card and the scan page.
  await a.goto(`/meetings/${meetingId}`);
  await expect(a.getByTestId("big-checkout")).toBeVisible();
  await a.screenshot({ path: shot("meeting-page-zh-390"), fullPage: true });
  await a.goto("/meetings/scan");
  await expect(a.getByTestId("checkout-pick-item")).toContainText(title);
  await a.screenshot({ path: shot("scan-zh-390"), fullPage: true });
  await a.goto(`/checkin?m=${meetingId}&a=out`);
  await expect(a.getByTestId("checkout-idle")).toBeVisible();
  await a.screenshot({ path: shot("checkout-idle-zh-390"), fullPage: true });

  // 4. The organiser shows the check-out QR from the live page; A scans it: checked out, on time.
  await org.getByTestId("show-checkout-qr").click();
  await org.waitForURL(/\/qr\?purpose=out$/);
  await expect(org.getByTestId("qr-display")).toHaveAttribute("data-purpose", "out");
  const url = await org.getByTestId("qr-code").getAttribute("data-url");
  expect(url).toContain("a=out");
  await org.screenshot({ path: shot("checkout-qr-zh-390") });
  await desktopShot(org, "checkout-qr-zh");
  await a.goto(new URL(url!).pathname + new URL(url!).search);
  await expect(a.getByTestId("checkout-result")).toHaveAttribute("data-status", "on_time");
  await expect(a.getByTestId("checkout-result")).toContainText("签退成功");
  await a.screenshot({ path: shot("checkout-ok-zh-390") });
  await desktopShot(a, "checkout-ok-zh");

  // A second check-out is refused with its own code and changes nothing; the check-in code does not check out.
  // (a fresh code each time: a slow machine may take longer than a code lives)
  const outCode = async () => (await (await org.request.get(`/api/meetings/${meetingId}/qr?purpose=out`)).json()).code as string;
  const code = await outCode();
  const again = await a.request.post("/api/checkout", { data: { method: "qr", meetingId, code } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toBe("checkout_already");
  const inCode = (await (await org.request.get(`/api/meetings/${meetingId}/qr`)).json()).code;
  const wrong = await b.request.post("/api/checkout", { data: { method: "qr", meetingId, code: inCode } });
  expect([wrong.status(), (await wrong.json()).error]).toEqual([400, "checkout_qr_invalid"]);
  // C never checked in: cannot check out.
  const c = await phone(browser);
  await loginAs(c, { vendor: "wecom", employeeNo: C.employeeNo });
  const notIn = await c.request.post("/api/checkout", { data: { method: "qr", meetingId, code: await outCode() } });
  expect([notIn.status(), (await notIn.json()).error]).toEqual([409, "checkout_not_checked_in"]);

  // 5. The organiser's live page counts the check-out without a reload.
  await org.goto(`/meetings/${meetingId}`);
  await expect(org.getByTestId("live-checkout")).toHaveAttribute("data-checked-out", "1");
  await org.screenshot({ path: shot("live-zh-390"), fullPage: true });
  await desktopShot(org, "live-zh");

  // 6. The meeting ends now (an edit after the fact): the window closes, the meeting settles.
  const patch = await org.request.patch(`/api/meetings/${meetingId}`, { data: { endsAt: new Date(Date.now() + 3_000).toISOString() } });
  expect(patch.status(), await patch.text()).toBe(200);
  await expect(org.getByTestId("count-early_leave")).toHaveAttribute("data-count", "1", { timeout: 30_000 });
  await expect(org.getByTestId("count-absent")).toHaveAttribute("data-count", "1", { timeout: 30_000 });
  await expect(org.getByTestId("count-on_time")).toHaveAttribute("data-count", "1");

  // 7. HR's report: A on time with the check-out time, B early leave, C absent; the XLSX says the same.
  const hr = await (await browser.newContext({ viewport: DESKTOP, userAgent: UA.desktop, locale: "zh-CN" })).newPage();
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  await hr.goto(`/console/meetings/${meetingId}`);
  const expected: Record<string, string> = { [A.employeeNo]: "on_time", [B.employeeNo]: "early_leave", [C.employeeNo]: "absent" };
  await expect(hr.getByTestId("attendance-table").locator("tbody tr")).toHaveCount(3);
  for (const [no, status] of Object.entries(expected)) await expect(hr.locator(`tr[data-employee-no="${no}"]`)).toHaveAttribute("data-status", status);
  await expect(hr.locator(`tr[data-employee-no="${A.employeeNo}"]`).getByTestId("checked-out-at")).toHaveText(/^\d{2}:\d{2}$/);
  await expect(hr.locator(`tr[data-employee-no="${B.employeeNo}"]`).getByTestId("checked-out-at")).toHaveText("—");
  await expect(hr.getByTestId("meeting-figures")).toHaveAttribute("data-phase", "final");
  await hr.screenshot({ path: shot("console-report-zh-1440"), fullPage: true });
  await hr.setViewportSize(PHONE);
  await hr.screenshot({ path: shot("console-report-zh-390"), fullPage: true });
  await hr.setViewportSize(DESKTOP);

  const xlsx = await hr.request.get(`/api/meetings/${meetingId}/export?format=xlsx`);
  expect(xlsx.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const col = (name: string) => header.indexOf(name) + 1;
  const got: Record<string, [string, string]> = {};
  sheet.eachRow((row, n) => {
    if (n > 1) got[String(row.getCell(col("工号")).value)] = [String(row.getCell(col("状态")).value), String(row.getCell(col("签退时间")).value ?? "")];
  });
  expect(got[A.employeeNo][0]).toBe("准时");
  expect(got[A.employeeNo][1]).toMatch(/\d{2}:\d{2}/);
  expect(got[B.employeeNo][0]).toBe("早退");
  expect(got[C.employeeNo][0]).toBe("缺席");

  // 8. The same pages in English.
  await english(hr);
  await hr.goto(`/console/meetings/${meetingId}`);
  await expect(hr.getByTestId("checkout-rule")).toContainText("requires a check-out");
  await hr.screenshot({ path: shot("console-report-en-1440"), fullPage: true });
  await hr.goto(`/console/meetings/${meetingId}/edit`);
  await expect(hr.getByTestId("edit-checkout-required")).toBeChecked();
  await hr.screenshot({ path: shot("console-edit-en-1440"), fullPage: true });
  await english(a);
  await a.goto(`/checkin?m=${meetingId}&a=out`);
  await expect(a.getByTestId("checkout-result")).toContainText("You have already checked out");
  await a.screenshot({ path: shot("checkout-done-en-390") });
  await a.goto(`/meetings/${meetingId}`);
  await expect(a.getByTestId("my-checked-out")).toContainText("Checked out at");
  await a.screenshot({ path: shot("meeting-page-en-390"), fullPage: true });
  await desktopShot(a, "meeting-page-en");
  await english(org);
  await org.goto("/meetings/new");
  await org.getByTestId("checkout-required").check();
  await expect(org.getByLabel("Check-out opens before the end (min)")).toHaveValue("10");
  await org.screenshot({ path: shot("form-en-390"), fullPage: true });
  await desktopShot(org, "form-en");
  await org.goto(`/meetings/${meetingId}/qr?purpose=out`);
  await expect(org.getByTestId("qr-display")).toContainText("Scan to check out");
  await org.screenshot({ path: shot("checkout-qr-en-390") });
});
