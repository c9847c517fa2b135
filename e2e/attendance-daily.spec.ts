// HR's daily attendance report (考勤日报, issue 14 item 3) on the demo company's today (db/demo-board.ts seeds today's
// punches and leave): abnormal people first in the documented order, a department filter, the drill-down, and an
// XLSX export whose rows are the page's rows; a manager sees only their subtree; an employee is refused.
// Screenshots at 1440×900 in zh-CN and en go to /tmp/daily-*.png.
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });

const KINDS = ["absent", "missing", "late", "early_leave", "not_yet", "away", "normal", "none", "rest"];

interface Row {
  no: string;
  kind: string;
  kindText: string;
  department: string;
  minutes: string;
}

async function pageRows(page: Page): Promise<Row[]> {
  return page.locator("[data-testid=daily-people] tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      no: tr.getAttribute("data-employee-no")!,
      kind: tr.getAttribute("data-kind")!,
      kindText: (tr.querySelector("[data-testid=daily-kind]")?.textContent ?? "").trim(),
      department: (tr.querySelectorAll("td")[2]?.textContent ?? "").trim(),
      minutes: (tr.querySelectorAll("td")[4]?.textContent ?? "").trim(),
    })),
  );
}

const lateMinutes = (s: string) => Number(/迟到 (\d+) 分钟/.exec(s)?.[1] ?? 0);

test("HR: today's report lists abnormal people first, filters a department, drills down, and the XLSX holds the page's rows", async ({ page }) => {
  test.setTimeout(120_000);
  const { hr, manager } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console");
  await page.getByRole("navigation", { name: "管理后台导航" }).getByRole("link", { name: "考勤日报", exact: true }).click();
  await expect(page.getByTestId("daily-heading")).toHaveText("考勤日报");
  const today = (await page.getByTestId("daily-page").getAttribute("data-date"))!;
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByTestId("daily-date")).toHaveValue(today);

  // Every row in the documented order: kind rank, then late minutes (most first) among the late.
  const rows = await pageRows(page);
  expect(rows.length).toBeGreaterThan(0);
  const ranks = rows.map((r) => KINDS.indexOf(r.kind));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  const late = rows.filter((r) => r.kind === "late").map((r) => lateMinutes(r.minutes));
  expect(late).toEqual([...late].sort((a, b) => b - a));
  // The summary counts are the sum of the departments' rows.
  const count = async (k: string) => Number(await page.locator(`[data-testid=daily-counts] [data-count=${k}] [data-value]`).innerText());
  const deptSum = async (k: string) => (await page.locator(`[data-testid=daily-departments] td[data-col=${k}]`).allInnerTexts()).reduce((n, v) => n + Number(v), 0);
  for (const k of ["expected", "present", "late", "absent", "away"]) expect(await deptSum(k), k).toBe(await count(k));
  await page.screenshot({ path: "/tmp/daily-zh-CN.png" });

  // A row's drill-down is the sheet's: the stored explanation, punches and rule.
  const first = page.locator("[data-testid=daily-people] tbody tr").first();
  await first.getByTestId("daily-open").click();
  await expect(page.getByTestId("sheet-drill")).toBeVisible();
  await expect(page.getByTestId("sheet-drill")).not.toContainText("加载");
  await page.screenshot({ path: "/tmp/daily-drill-zh-CN.png" });
  await page.keyboard.press("Escape");

  // Filter the department the demo manager leads (平台研发部, with its groups).
  const dept = demoPeople().departments.find((d) => d.code === manager.departmentCode)!;
  const value = await page
    .getByTestId("daily-department")
    .locator("option")
    .evaluateAll((os, name) => os.find((o) => (o.textContent ?? "").trim() === name)?.getAttribute("value") ?? "", dept.name);
  expect(value).not.toBe("");
  await page.getByTestId("daily-department").selectOption(value);
  await page.getByTestId("daily-filters").getByRole("button").click();
  await expect(page).toHaveURL(new RegExp(`department=${value}`));
  await expect(page.getByTestId("daily-filtered")).toContainText(dept.name);
  const filtered = await pageRows(page);
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.length).toBeLessThan(rows.length);
  const subtree = new Set(demoPeople().departments.filter((d) => d.code.startsWith(dept.code.slice(0, 3))).map((d) => d.name));
  for (const r of filtered) expect(subtree.has(r.department), `${r.no} in ${r.department}`).toBe(true);

  // The XLSX export of the filtered day: the same people, same order, same words.
  const href = (await page.getByTestId("export-attendance-daily-xlsx").getAttribute("href"))!;
  expect(href).toContain(`department=${value}`);
  expect(href).toContain(`date=${today}`);
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  expect(ws.getRow(1).getCell(2).text).toBe("工号");
  const fileRows: { no: string; kind: string }[] = [];
  ws.eachRow((row, i) => {
    if (i > 1) fileRows.push({ no: row.getCell(2).text, kind: row.getCell(5).text });
  });
  expect(fileRows).toEqual(filtered.map((r) => ({ no: r.no, kind: r.kindText })));

  // The previous day: a finished day, reachable by the arrow.
  await page.getByTestId("daily-prev").click();
  await expect(page.getByTestId("daily-page")).not.toHaveAttribute("data-date", today);
  await expect(page.getByTestId("daily-today")).toBeVisible();

  // A department that does not exist is the console's not-found page; a bad date the page's error card.
  await page.goto("/console/attendance/daily?department=999999999");
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.goto("/console/attendance/daily?date=2026-02-30");
  await expect(page.getByTestId("daily-bad-query")).toBeVisible();
  await page.screenshot({ path: "/tmp/daily-bad-zh-CN.png" });
  const bad = await page.request.get("/api/attendance/daily/export?format=csv&date=2026-02-30");
  expect(bad.status()).toBe(400);
});

test("a manager sees only their subtree; an employee is refused", async ({ page }) => {
  const { manager, employee, outsider } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/daily");
  await expect(page.getByTestId("daily-heading")).toBeVisible();
  const rows = await pageRows(page);
  expect(rows.length).toBeGreaterThan(0);
  const mine = new Set(demoPeople().all.filter((e) => e.departmentCode.startsWith("D11")).map((e) => e.employeeNo));
  for (const r of rows) expect(mine.has(r.no), r.no).toBe(true);
  expect(rows.map((r) => r.no)).not.toContain(outsider.employeeNo);
  const depts = await page.locator("[data-testid=daily-departments] tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-name")));
  expect(depts).toEqual(["平台研发部", "基础架构组", "数据平台组"]);
  // Another subtree's department: 404, on the page and the export.
  const other = demoPeople().departments.find((d) => d.code === "D311")!;
  const options = await page.getByTestId("daily-department").locator("option").allInnerTexts();
  expect(options.map((o) => o.trim())).not.toContain(other.name);
  const csv = await page.request.get("/api/attendance/daily/export?format=csv");
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).not.toContain(outsider.employeeNo);

  await page.context().clearCookies();
  await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo, ua: "pc" });
  const refused = await page.request.get("/api/attendance/daily/export?format=csv");
  expect(refused.status()).toBe(403);
});

test("in English: the same report, and the empty and bad-filter states", async ({ page }) => {
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.goto("/console/attendance/daily");
  await expect(page.getByTestId("daily-heading")).toHaveText("Daily attendance");
  await expect(page.getByTestId("daily-counts")).toContainText("Attendance rate");
  await expect(page.getByTestId("daily-people")).toContainText("Punches & rule");
  await page.screenshot({ path: "/tmp/daily-en.png" });
  await page.goto("/console/attendance/daily?date=2026-02-30");
  await expect(page.getByTestId("daily-bad-query")).toContainText("The filter is not valid");
  await page.screenshot({ path: "/tmp/daily-bad-en.png" });
});

test("考勤趋势: HR sees monthly department rates as charts and a table; months are selectable", async ({ page }) => {
  const { hr, manager } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/daily");
  await page.getByTestId("daily-to-trends").click();
  await expect(page.getByTestId("trends-heading")).toHaveText("考勤趋势");
  await expect(page.getByTestId("trend-charts").locator("svg.recharts-surface").first()).toBeVisible();
  // The demo company's top departments, and a total row with a rate for the months the demo punches cover.
  const names = await page.locator("[data-testid=trends-table] tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-name")));
  expect(names).toEqual(expect.arrayContaining(["技术中心", "销售中心", "合计"]));
  const rates = await page.locator("[data-testid=trends-table] tr[data-group=total] td[data-month]").evaluateAll((tds) => tds.map((td) => td.getAttribute("data-rate")));
  expect(rates).toHaveLength(6);
  expect(rates.filter((r) => r !== "").length).toBeGreaterThan(0);
  for (const r of rates.filter((x) => x !== "")) expect(Number(r)).toBeGreaterThan(0.5);
  await page.screenshot({ path: "/tmp/daily-trends-zh-CN.png" });
  // Two months only.
  const to = (await page.getByTestId("trends-to").inputValue())!;
  const [y, m] = to.split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  await page.getByTestId("trends-from").fill(from);
  await page.getByTestId("trends-filters").getByRole("button").click();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expect(page.locator("[data-testid=trends-table] thead th")).toHaveCount(3);
  await page.goto("/console/attendance/trends?from=2026-13");
  await expect(page.getByTestId("trends-bad-query")).toBeVisible();

  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.goto("/console/attendance/trends");
  await expect(page.getByTestId("trends-heading")).toHaveText("Attendance trends");
  await page.screenshot({ path: "/tmp/daily-trends-en.png" });

  // A manager: groups below the department they lead.
  await page.context().clearCookies();
  await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/trends");
  const mine = await page.locator("[data-testid=trends-table] tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-name")));
  expect(mine).toEqual(["平台研发部", "基础架构组", "数据平台组", "合计"]);
});
