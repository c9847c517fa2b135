// The department report end to end: a manager opens 会议考勤报表, sees the department they lead (not its parent),
// drills from a chart bar to a team and from the team to a person; another department's id is refused. HR opens the
// same view, exports it to XLSX, and the summary sheet's numbers equal the page's. Screenshots at 1440×900 in zh-CN
// and en under test-results/reports/.
import fs from "node:fs/promises";
import ExcelJS from "exceljs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

const DESKTOP = { width: 1440, height: 900 };
const pct = new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 1 }); // the page's formatPercent
const SHOTS = "test-results/reports";
const people = demoPeople();
const nameOf = (code: string) => people.departments.find((d) => d.code === code)!;

async function console_(browser: Browser, employeeNo: string, locale: "zh-CN" | "en"): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale, acceptDownloads: true });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo, ua: "pc" });
  if (locale === "en") await ctx.addCookies([{ name: "locale", value: "en", url: new URL(page.url()).origin }]);
  return { ctx, page };
}

/** The demo's past meetings are finalised by the schedule loop a few seconds after start: wait for figures. */
async function openReport(page: Page, query = "") {
  await expect
    .poll(async () => {
      await page.goto(`/console/reports${query}`);
      return page.getByTestId("stat-records").count();
    }, { timeout: 60_000, intervals: [2_000] })
    .toBe(1);
}

/** The people table as { 工号: [invited, attended, late, early, absent, on leave, rate text] }. */
async function peopleTable(page: Page): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const row of await page.getByTestId("person-row").all()) {
    const no = (await row.getAttribute("data-employee-no"))!;
    out[no] = await Promise.all(["invited", "attended", "late", "earlyLeave", "absent", "onLeave", "rate"].map(async (c) => (await row.locator(`[data-col=${c}]`).innerText()).trim()));
  }
  return out;
}

test("a manager drills from a bar to a team to a person; HR exports the same view and the summary sheet equals the page", async ({ browser }) => {
  test.setTimeout(240_000);
  await fs.mkdir(SHOTS, { recursive: true });
  const d110 = nameOf("D110");
  const d111 = nameOf("D111");

  // --- the manager (leads 平台研发部) ---
  const { ctx: mctx, page: m } = await console_(browser, people.manager.employeeNo, "zh-CN");
  await openReport(m);
  await expect(m.getByTestId("report-trail")).toHaveText(d110.name); // their department, not 技术中心 above it
  const options = await m.getByTestId("department-picker").locator("option").allInnerTexts();
  expect(options.slice(1).map((o) => o.trim())).toEqual(people.departments.filter((d) => d.code.startsWith("D11")).sort((a, b) => a.code.localeCompare(b.code)).map((d) => d.name));
  await expect(m.getByTestId("department-bars")).toContainText(d111.name);
  await expect(m.getByTestId("department-bars")).not.toContainText("未分配部门");
  await expect(m.locator("[data-testid=department-chart] .recharts-bar-rectangle").first()).toBeVisible();
  await m.screenshot({ path: `${SHOTS}/manager-overview-zh.png`, fullPage: true });

  // a bar → the team (基础架构组 has no sub-teams: its people)
  const firstBar = (await m.getByTestId("department-bars").locator("li").first().innerText()).split("\n")[0].trim();
  expect(firstBar).toBe(d111.name);
  await m.locator("[data-testid=department-chart] .recharts-bar-rectangle").first().click();
  await m.waitForURL(/tab=people/);
  const teamUrl = new URL(m.url());
  const teamId = teamUrl.searchParams.get("departmentId")!;
  await expect(m.getByTestId("report-trail")).toContainText(`${d110.name}`);
  await expect(m.getByTestId("report-trail")).toContainText(d111.name);
  await expect(m.getByTestId("person-row").first()).toBeVisible();
  await expect(m.getByTestId("department-picker")).toHaveValue(teamId); // the picker follows the drill-down
  const managerTable = await peopleTable(m);
  expect(Object.keys(managerTable).length).toBeGreaterThan(0);
  // sorted by rate, lowest first
  const rates = Object.values(managerTable).map((r) => (r[6] === "—" ? Infinity : parseFloat(r[6])));
  expect(rates).toEqual([...rates].sort((a, b) => a - b));
  await m.screenshot({ path: `${SHOTS}/manager-team-people-zh.png`, fullPage: true });

  // the team → a person
  const who = (await m.getByTestId("person-link").first().innerText()).trim();
  await m.getByTestId("person-link").first().click();
  await expect(m.getByTestId("person-title")).toContainText(who);
  await expect(m.getByTestId("person-meetings").locator("tbody tr").first()).toBeVisible();
  await m.screenshot({ path: `${SHOTS}/manager-person-zh.png`, fullPage: true });

  // --- HR: the same view, exported ---
  const { ctx: hctx, page: h } = await console_(browser, people.hr.employeeNo, "zh-CN");
  await openReport(h);
  await expect(h.getByTestId("report-trail")).toHaveText(nameOf("D000").name); // the company, named
  await expect(h.getByTestId("department-bars")).not.toContainText("未分配部门");
  await h.screenshot({ path: `${SHOTS}/hr-overview-zh.png`, fullPage: true });
  const otherId = await h.getByTestId("department-picker").locator("option", { hasText: nameOf("D311").name }).getAttribute("value");

  // the manager cannot drill into another department by id
  expect((await m.request.get(`/api/meetings/reports/departments?from=2026-01-01&to=2026-12-31&departmentId=${otherId}`)).status()).toBe(404);
  expect((await m.request.get(`/api/meetings/reports/people?from=2026-01-01&to=2026-12-31&departmentId=${otherId}`)).status()).toBe(404);
  expect((await m.goto(`/console/reports?departmentId=${otherId}`))!.status()).toBe(404);

  await h.goto(`${teamUrl.pathname}${teamUrl.search}`);
  expect(await peopleTable(h)).toEqual(managerTable);
  const [dl] = await Promise.all([h.waitForEvent("download"), h.getByTestId("export-attendance-xlsx").click()]);
  expect(await dl.failure()).toBeNull();
  expect(dl.suggestedFilename()).toContain(d111.name);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile((await dl.path())!)) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["人员汇总", "部门汇总", "签到明细"]);
  const sheet = wb.getWorksheet("人员汇总")!;
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  const fromSheet: Record<string, string[]> = {};
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const v = (row.values as unknown[]).slice(1);
    const rate = v[9] === null || v[9] === undefined ? "—" : pct.format(Number(v[9]));
    fromSheet[String(v[0])] = [...v.slice(3, 9).map(String), rate];
  });
  expect(fromSheet).toEqual(managerTable);
  const depts = wb.getWorksheet("部门汇总")!;
  expect(String(depts.getRow(2).getCell(1).value)).toBe(d111.name);
  expect(teamId).toBeTruthy();

  // --- English ---
  const { ctx: ectx, page: e } = await console_(browser, people.manager.employeeNo, "en");
  await openReport(e);
  await expect(e.getByTestId("report-trail")).toHaveText(d110.nameEn);
  await e.screenshot({ path: `${SHOTS}/manager-overview-en.png`, fullPage: true });
  await e.goto(`/console/reports?tab=people&departmentId=${teamId}`);
  await expect(e.getByTestId("person-row").first()).toBeVisible();
  await e.screenshot({ path: `${SHOTS}/manager-team-people-en.png`, fullPage: true });
  await e.getByTestId("person-link").first().click();
  await expect(e.getByTestId("person-meetings")).toBeVisible();
  await e.screenshot({ path: `${SHOTS}/manager-person-en.png`, fullPage: true });

  await Promise.all([mctx.close(), hctx.close(), ectx.close()]);
});
