// The console meeting page is live (issue 11 item 4): HR has it open, an employee checks in through the public
// API (QR), and the row and the figures change within a few seconds without a reload — the same stream as the
// organiser's phone (GET /api/meetings/:id/live) and the same figures (lib/meetings/figures).
import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const DESKTOP = { width: 1440, height: 900 };
const SHOTS = "test-results/meetui";

async function desktop(browser: Browser, locale: "zh-CN" | "en") {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale });
  return ctx.newPage();
}

async function useLocale(page: Page, locale: "zh-CN" | "en") {
  const origin = new URL(page.url()).origin;
  await page.context().addCookies([{ name: "locale", value: locale, url: origin }]);
}

const value = (page: Page, id: string) => page.getByTestId(id).locator("p").nth(1);

test("HR's console meeting page updates without reload when someone checks in", { tag: "@solo" }, async ({ browser }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const people = demoPeople();
  const invitees = people.all.filter((e) => e.role === "employee" && !e.isLeader && e.departmentCode.startsWith("D2")).slice(0, 3);
  expect(invitees).toHaveLength(3);

  const hr = await desktop(browser, "zh-CN");
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  // In progress: started two minutes ago, late only after 30 minutes, so the check-in is on time.
  const startsAt = new Date(Date.now() - 2 * 60_000);
  const created = await hr.request.post("/api/meetings", {
    data: { title: `控制台实时 e2e ${Date.now()}`, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(), lateAfterMinutes: 30, inviteeEmployeeNos: invitees.map((p) => p.employeeNo), locationName: "总部 A 座 12 层大会议室" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };

  await hr.goto(`/console/meetings/${id}`);
  await expect(hr.getByTestId("meeting-figures")).toHaveAttribute("data-phase", "in_progress");
  await expect(hr.getByTestId("console-live")).toHaveAttribute("data-state", "live");
  await expect(value(hr, "figure-expected")).toHaveText("3");
  await expect(value(hr, "figure-checked-in")).toHaveText("0");
  await expect(value(hr, "figure-not-yet")).toHaveText("3");
  const row = hr.locator(`[data-testid="attendance-table"] tr[data-employee-no="${invitees[0].employeeNo}"]`);
  await expect(row).not.toHaveAttribute("data-status", "on_time");
  await hr.screenshot({ path: `${SHOTS}/console-meeting-live-before-zh-CN-1440.png`, fullPage: true });
  // A marker on the window: a reload or navigation would drop it.
  await hr.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));

  // The employee checks in by QR on their phone (the public API the check-in page uses).
  const qr = (await (await hr.request.get(`/api/meetings/${id}/qr`)).json()) as { code: string };
  const emp = await (await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: UA.wecomMobile, locale: "zh-CN" })).newPage();
  await loginAs(emp, { vendor: "wecom", employeeNo: invitees[0].employeeNo });
  const t0 = Date.now();
  const r = await emp.request.post("/api/checkin", { data: { method: "qr", meetingId: id, code: qr.code } });
  expect(r.status(), await r.text()).toBe(201);

  // Within a few seconds, no reload: the row and the figures follow.
  await expect(row).toHaveAttribute("data-status", "on_time", { timeout: 8_000 });
  await expect(value(hr, "figure-checked-in")).toHaveText("1", { timeout: 8_000 });
  await expect(value(hr, "figure-not-yet")).toHaveText("2");
  expect(Date.now() - t0).toBeLessThan(8_000);
  expect(await hr.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
  await expect(row.locator("td").nth(5)).not.toHaveText("—"); // the check-in time is shown
  await hr.screenshot({ path: `${SHOTS}/console-meeting-live-zh-CN-1440.png`, fullPage: true });

  // A second check-in lands too (the stream keeps going after the first refresh).
  await loginAs(emp, { vendor: "wecom", employeeNo: invitees[1].employeeNo });
  const r2 = await emp.request.post("/api/checkin", { data: { method: "qr", meetingId: id, code: qr.code } });
  expect(r2.status(), await r2.text()).toBe(201);
  await expect(value(hr, "figure-checked-in")).toHaveText("2", { timeout: 8_000 });
  expect(await hr.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);

  // English.
  await useLocale(hr, "en");
  await hr.reload();
  await expect(hr.getByTestId("console-live")).toHaveAttribute("data-state", "live");
  await expect(value(hr, "figure-checked-in")).toHaveText("2");
  await hr.screenshot({ path: `${SHOTS}/console-meeting-live-en-1440.png`, fullPage: true });
});

test("a console URL that does not exist answers 404 inside the console frame", async ({ browser }) => {
  const people = demoPeople();
  const hr = await desktop(browser, "zh-CN");
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  for (const path of ["/console/no-such-page", "/console/meetings/99999999"]) {
    const res = await hr.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(hr.getByTestId("not-found")).toBeVisible();
    await expect(hr.getByTestId("console-user")).toBeVisible(); // the console's header is still there
  }
  await hr.screenshot({ path: `${SHOTS}/console-not-found-zh-CN-1440.png` });
  // Outside the console the root not-found page answers 404 too.
  for (const path of ["/no-such-page", "/meetings/99999999"]) {
    const res = await hr.goto(path);
    expect(res?.status(), path).toBe(404);
  }
  const icon = await hr.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test("honest copy: demo data on 组织同步, the manager's meeting list says what it lists", async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const people = demoPeople();
  const hr = await desktop(browser, "zh-CN");
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  await hr.goto("/console/org");
  // A fresh demo database has people but no sync run: the page says the people are demo data.
  const runs = await hr.getByTestId("sync-runs").count();
  if (runs === 0) await expect(hr.getByTestId("org-demo-data")).toContainText("演示数据");
  await hr.screenshot({ path: `${SHOTS}/console-org-zh-CN-1440.png`, fullPage: true });
  await expect(hr.getByTestId("meetings-scope")).toHaveCount(0);
  await hr.goto("/console/meetings");
  await expect(hr.getByTestId("meetings-scope")).toContainText("全公司");

  const mgr = await desktop(browser, "zh-CN");
  await loginAs(mgr, { vendor: "wecom", employeeNo: people.manager.employeeNo, ua: "pc" });
  await mgr.goto("/console/meetings");
  await expect(mgr.getByTestId("meetings-scope")).toContainText("你负责的部门");
  await expect(mgr.getByTestId("meetings-scope")).not.toContainText("所有会议");
  await mgr.screenshot({ path: `${SHOTS}/console-meetings-manager-zh-CN-1440.png` });
  await useLocale(mgr, "en");
  await mgr.goto("/console/meetings");
  await expect(mgr.getByTestId("meetings-scope")).toContainText("departments you lead");
  await mgr.screenshot({ path: `${SHOTS}/console-meetings-manager-en-1440.png` });
});
