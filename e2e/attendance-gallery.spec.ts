// Every attendance page (issue 14), looked at in both languages: the workbench pages at 390×844 as an employee and
// a manager inside WeCom, the console pages at 1440×900 as HR — each loaded, plus the states a user can meet: empty
// (a month or a day with nothing in it), and error (the board's live connection lost, a drill-down that cannot load,
// a month that does not parse). The routes' loading skeletons are captured by attendance-loading.spec.ts, on a
// document load cut where the server is still streaming (a client navigation with the RSC payload held or a slowed
// network did not make Next 16's router show them reliably). Each check asserts what the state shows, and no page leaks a message key or falls into the error
// boundary. Screenshots: test-results/gallery/<lang>/<name>.png (looked at before calling a screen done). Reads only.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

const OUT = "test-results/gallery";
const LANGS = ["zh-CN", "en"] as const;
type Lang = (typeof LANGS)[number];
test.beforeAll(() => LANGS.forEach((l) => fs.mkdirSync(`${OUT}/${l}`, { recursive: true })));

async function setLang(page: Page, lang: Lang) {
  await page.context().addCookies([{ name: "locale", value: lang, url: new URL(page.url()).origin }]);
}

/** No message key shown raw (next-intl prints the dotted path), no error boundary, and the copy is in `lang`. */
async function assertClean(page: Page, lang: Lang) {
  const text = await page.locator("body").innerText();
  expect(text, "a message key shown raw").not.toMatch(/\b(attendance[A-Za-z]*|punch|common|nav)\.[a-zA-Z]+\.[a-zA-Z.]+/);
  expect(text).not.toContain("MISSING_MESSAGE");
  await expect(page.getByTestId("error-reference"), "the error boundary").toHaveCount(0);
  const heading = (await page.locator("h1").first().innerText().catch(() => "")).trim();
  if (heading && lang === "en") expect(heading, "an English heading").not.toMatch(/[\u4e00-\u9fff]/);
  if (heading && lang === "zh-CN") expect(heading, "a Chinese heading").toMatch(/[\u4e00-\u9fff]/);
}

/** The whole page; `viewport` for an overlay (a sheet or a dialog), which a full-page capture would smear. */
const shot = async (page: Page, lang: Lang, name: string, { viewport = false } = {}) => {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${OUT}/${lang}/${name}.png`, fullPage: !viewport });
};

test.describe("workbench at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("考勤 (employee): punch clock and month, a day opened, an empty month, a bad month — zh-CN and en", async ({ page }) => {
    test.setTimeout(180_000);
    const { employee } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    for (const lang of LANGS) {
      await setLang(page, lang);
      await page.goto("/attendance");
      await expect(page.getByTestId("punch-today").or(page.getByTestId("punch-no-group"))).toBeVisible();
      await expect(page.getByTestId("month-calendar")).toBeVisible();
      await assertClean(page, lang);
      await shot(page, lang, "wb-attendance");
      // a day with a result: the sheet with its punches, rule and explanation
      const marked = page.locator("[data-testid=calendar-day]:is([data-tone=late], [data-tone=absent], [data-tone=normal])").first();
      const day = (await marked.count()) ? marked : page.getByTestId("calendar-day").first();
      const date = await day.getAttribute("data-date");
      await day.click();
      await expect(page.locator(`[data-testid="day-sheet"][data-date="${date}"]`)).toBeVisible();
      await shot(page, lang, "wb-attendance-day", { viewport: true });
      await page.keyboard.press("Escape");
      // a month long before anyone's data: the empty state
      await page.goto("/attendance?month=2020-01");
      await expect(page.getByTestId("month-label")).toBeVisible();
      await assertClean(page, lang);
      await shot(page, lang, "wb-attendance-empty-month");
      // a month that does not parse: said, not a crash
      await page.goto("/attendance?month=2020-13");
      await expect(page.getByTestId("bad-month")).toBeVisible();
      await shot(page, lang, "wb-attendance-bad-month");
    }
  });

  test("团队考勤 (manager): loaded, live connection lost — zh-CN and en", async ({ page }) => {
    test.setTimeout(180_000);
    const { manager } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo });
    for (const lang of LANGS) {
      await setLang(page, lang);
      await page.goto("/attendance/team");
      await expect(page.getByTestId("board")).toBeVisible();
      await expect(page.getByTestId("board-live-state")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
      await assertClean(page, lang);
      await shot(page, lang, "wb-team");
      await expect(page.getByTestId("board")).toBeVisible();
      // error: the live stream and its polling fallback both fail → the page says the updates stopped
      await page.route("**/api/attendance/board/live**", (r) => r.abort());
      await page.goto("/attendance/team");
      await expect(page.getByTestId("board-live-state")).toHaveAttribute("data-state", "lost", { timeout: 30_000 });
      await shot(page, lang, "wb-team-lost");
      await page.unroute("**/api/attendance/board/live**");
    }
  });

  test("团队考勤 for an employee who manages nobody: the forbidden card — zh-CN and en", async ({ page }) => {
    const { employee } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    for (const lang of LANGS) {
      await setLang(page, lang);
      await page.goto("/attendance/team");
      await expect(page.getByTestId("forbidden")).toBeVisible();
      await assertClean(page, lang);
      await shot(page, lang, "wb-team-forbidden");
    }
  });
});

test.describe("console at 1440×900 (HR)", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  const PAGES: { path: string; name: string }[] = [
    { path: "/console/attendance/board", name: "board" },
    { path: "/console/attendance/daily", name: "daily" },
    { path: "/console/attendance/sheet", name: "sheet" },
    { path: "/console/attendance/sheet/templates", name: "sheet-templates" },
    { path: "/console/attendance/trends", name: "trends" },
    { path: "/console/attendance/import", name: "import" },
    { path: "/console/attendance/reminders", name: "reminders" },
    { path: "/console/attendance/bridge", name: "bridge" },
    { path: "/console/attendance/settings/calendar", name: "settings-calendar" },
    { path: "/console/attendance/settings/shifts", name: "settings-shifts" },
    { path: "/console/attendance/settings/groups", name: "settings-groups" },
    { path: "/console/attendance/settings/rosters", name: "settings-rosters" },
  ];

  test("every attendance console page loads clean — zh-CN and en", async ({ page }) => {
    test.setTimeout(420_000);
    const { hr } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
    for (const lang of LANGS) {
      await setLang(page, lang);
      for (const p of PAGES) {
        await page.goto(p.path);
        await expect(page.locator("h1").first()).toBeVisible();
        await assertClean(page, lang);
        await shot(page, lang, `console-${p.name}`);
      }
    }
  });

  test("empty and error states: a month and a day with no data, a bad month, a drill-down that cannot load — zh-CN and en", async ({ page }) => {
    test.setTimeout(240_000);
    const { hr } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
    for (const lang of LANGS) {
      await setLang(page, lang);
      await page.goto("/console/attendance/sheet?month=2020-01");
      await expect(page.getByTestId("sheet-no-results")).toBeVisible();
      await expect(page.locator("[data-testid=sheet-table] button[data-day]:not([data-tone=none])")).toHaveCount(0);
      await assertClean(page, lang);
      await shot(page, lang, "console-sheet-empty");
      await page.goto("/console/attendance/daily?date=2020-01-06");
      await expect(page.getByTestId("daily-no-results")).toBeVisible();
      await assertClean(page, lang);
      await shot(page, lang, "console-daily-empty");
      await page.goto("/console/attendance/sheet?month=2020-13");
      await expect(page.getByTestId("sheet-bad-query")).toBeVisible();
      await shot(page, lang, "console-sheet-bad-month");
      // a cell's drill-down whose request fails: the panel says so, the sheet stays
      await page.goto("/console/attendance/sheet");
      await page.route("**/api/attendance/sheet/cell**", (r) => r.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: "unavailable", message: "database unavailable" }) }));
      await page.locator("[data-testid=sheet-table] button[data-day]").first().click();
      await expect(page.getByTestId("sheet-drill").getByRole("alert")).toBeVisible();
      await shot(page, lang, "console-sheet-drill-error");
      await page.unroute("**/api/attendance/sheet/cell**");
    }
  });
});
