// 导出模板 (issue 14 item 3, Exports): HR creates a template on the page — columns reordered with the up button, one
// removed, two added, headers renamed, 迟到 switched from minutes to hours — sees the server's reason when the name is empty, exports the monthly sheet
// with it from the sheet page's picker, and the downloaded XLSX holds exactly those columns under those headers with
// the default export's values; then deletes it (confirm step) back to the empty state. Screenshots at 1440×900 in
// zh-CN and en (empty state, editor, error, list) go to SHOTS_DIR (default /tmp/shots-templates).
import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-templates";
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

async function rowsOf(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow((r) => out.push(Array.from({ length: ws.columnCount }, (_, i) => text(r.getCell(i + 1).value))));
  return out;
}

async function deleteAll(page: Page) {
  const list = (await (await page.request.get("/api/attendance/export-templates")).json()) as { templates: { id: number; name: string }[] };
  for (const t of list.templates.filter((x) => x.name.startsWith("e2e "))) await page.request.delete(`/api/attendance/export-templates/${t.id}`);
}

test("HR builds a payroll template on the page and exports the sheet's XLSX with it", async ({ page }) => {
  test.setTimeout(180_000);
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/sheet");
  await deleteAll(page);
  // reachable from the sheet page
  await page.getByTestId("sheet-templates-link").click();
  await expect(page.getByTestId("templates-heading")).toHaveText("导出模板");
  const existing = await page.locator("[data-testid^=template-row-]").count();
  if (existing === 0) {
    await expect(page.getByTestId("templates-empty")).toContainText("没有模板");
    await shot(page, "empty-zh-CN");
  }

  await page.getByTestId("templates-create").click();
  const editor = page.getByTestId("template-editor");
  await expect(editor).toBeVisible();
  // starts with 工号, 姓名, 部门: move 姓名 first, drop 部门, add 迟到(分钟) and 事假, rename two headers
  await page.getByTestId("template-up-name").click();
  await page.getByTestId("template-remove-department").click();
  await page.getByTestId("template-add-lateMinutes").click();
  await page.getByTestId("template-add-leave:事假").click();
  await page.getByTestId("template-header-employeeNo").fill("员工编号");
  await page.getByTestId("template-header-leave:事假").fill("事假时长");
  await page.getByTestId("template-unit-lateMinutes").selectOption("hours");
  await expect(page.getByTestId("template-chosen").locator("li")).toHaveCount(4);
  await shot(page, "editor-zh-CN");

  // no name: the server's reason, nothing saved
  await page.getByTestId("template-save").click();
  await expect(page.getByTestId("templates-note")).toContainText("请填写模板名称");
  await shot(page, "error-zh-CN");

  const name = `e2e 薪资 ${Date.now() % 100000}`;
  await page.getByTestId("template-name").fill(name);
  await page.getByTestId("template-save").click();
  await expect(page.getByTestId("templates-note")).toHaveText("已保存");
  const row = page.locator("[data-testid^=template-row-]", { hasText: name });
  await expect(row).toContainText("姓名 · 员工编号 · 迟到(小时) · 事假时长");
  await shot(page, "list-zh-CN");
  const id = Number((await row.getAttribute("data-testid"))!.replace("template-row-", ""));

  // export with it from the sheet page
  await page.goto("/console/attendance/sheet");
  const month = (await page.getByTestId("sheet-table").getAttribute("data-month").catch(() => null)) ?? "";
  await page.getByTestId("sheet-template-select").selectOption(String(id));
  await shot(page, "sheet-picker-zh-CN");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sheet-template-xlsx").click()]);
  const mine = await rowsOf(fs.readFileSync((await download.path())!));
  expect(mine[0]).toEqual(["姓名", "员工编号", "迟到(小时)", "事假时长"]);
  const plainRes = await page.request.get(`/api/attendance/sheet/export?format=xlsx${month ? `&month=${month}` : ""}`);
  expect(plainRes.status()).toBe(200);
  const plain = await rowsOf(await plainRes.body());
  const col = (h: string) => plain[0].indexOf(h);
  expect(mine.length).toBe(plain.length);
  expect(mine.length).toBeGreaterThan(5);
  const inHours = (minutes: string) => String(Math.round((Number(minutes) / 60) * 10) / 10);
  for (let i = 1; i < 6; i++) expect(mine[i], `row ${i}`).toEqual([plain[i][col("姓名")], plain[i][col("工号")], inHours(plain[i][col("迟到(分钟)")]), plain[i][col("事假(小时)")]]);

  // an unknown template is a 404 with the reason, not a 500
  const gone = await page.request.get("/api/attendance/sheet/export?format=csv&template=99999999");
  expect(gone.status()).toBe(404);
  expect(((await gone.json()) as { message: string }).message).toContain("不存在");

  // English: the list, the editor and the error, then delete with the confirm step back to the empty state
  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.goto("/console/attendance/sheet/templates");
  await expect(page.getByTestId("templates-heading")).toHaveText("Export templates");
  await shot(page, "list-en");
  await page.getByTestId(`template-edit-${id}`).click();
  await shot(page, "editor-en");
  await page.getByTestId("template-name").fill("");
  await page.getByTestId("template-save").click();
  await expect(page.getByTestId("templates-note")).toContainText("请填写模板名称");
  await shot(page, "error-en");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByTestId(`template-delete-${id}`).click();
  await shot(page, "delete-confirm-en");
  await page.getByTestId(`template-delete-confirm-${id}`).click();
  await expect(page.getByTestId("templates-note")).toHaveText("Deleted");
  if (existing === 0) {
    await expect(page.getByTestId("templates-empty")).toContainText("No templates");
    await shot(page, "empty-en");
  }
});

test("a manager exports with HR's template but cannot manage templates", async ({ page }) => {
  const { manager } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/sheet/templates");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  expect((await page.request.post("/api/attendance/export-templates", { data: { name: "x", kind: "sheet", columns: [{ key: "name", header: "" }] } })).status()).toBe(403);
  await page.goto("/console/attendance/sheet");
  await expect(page.getByTestId("sheet-templates-link")).toHaveCount(0);
  await expect(page.getByTestId("sheet-template-select")).toBeVisible();
});
