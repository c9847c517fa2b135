// Punch-record file import (issue 13 item 1 "Files"): HR uploads a WeCom-style 打卡记录 export generated here (title
// rows above a Chinese header), sees the parsed rows and the dry-run diff (2 new, 1 unmatched person, 1 invalid
// time), confirms, the punches appear in the employee's day (the monthly sheet's cell drill-down), and the same file
// uploaded again shows 0 new. Screenshot of the preview at 1440×900: /tmp/import-preview.png.
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });

// A day long before the demo's generated months, different per run (a PostgreSQL database keeps earlier runs' punches).
const DATE = new Date(Date.UTC(2024, 0, 1) + (Math.floor(Date.now() / 1000) % 500) * 86_400_000).toISOString().slice(0, 10);

async function exportFile(employee: { name: string; employeeNo: string; wecomUserId: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("打卡记录");
  const rows = [
    ["企业微信 打卡记录"],
    [`统计日期：${DATE} 至 ${DATE}`, "", "", `报表生成时间：${DATE} 23:00`],
    ["姓名", "工号", "账号", "部门", "日期", "打卡时间", "打卡类型", "打卡状态", "打卡地点", "打卡设备"],
    [employee.name, employee.employeeNo, employee.wecomUserId, "研发部", DATE, "08:51", "上班打卡", "正常", "上海中心大厦 12F", "iPhone"],
    [employee.name, employee.employeeNo, employee.wecomUserId, "研发部", DATE, "18:07", "下班打卡", "正常", "上海中心大厦 12F", "iPhone"],
    ["外包人员", "EXT-001", "waibao01", "外包", DATE, "09:10", "上班打卡", "正常", "上海中心大厦 12F", "Android"],
    [employee.name, employee.employeeNo, employee.wecomUserId, "研发部", DATE, "25:61", "下班打卡", "异常", "", ""],
  ];
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("HR imports a WeCom punch export: preview and dry-run diff, confirm, punches in the day; the same file again adds 0", async ({ page }) => {
  test.setTimeout(180_000);
  const { hr, employee } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });

  // The employee's id, from the people list (for the sheet's cell drill-down).
  await page.goto(`/console/people?q=${encodeURIComponent(employee.employeeNo)}`);
  const href = await page.locator('a[href^="/console/people/"]').filter({ hasText: employee.name }).first().getAttribute("href");
  const employeeId = /\/console\/people\/(\d+)/.exec(href ?? "")![1];

  await page.goto("/console/attendance/import");
  await expect(page.getByTestId("import-heading")).toHaveText("打卡记录导入");
  await expect(page.getByTestId("import-empty")).toBeVisible();
  const file = { name: `打卡记录_${DATE.replaceAll("-", "")}.xlsx`, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await exportFile(employee) };

  await page.getByTestId("import-file").setInputFiles(file);
  const diff = page.getByTestId("import-diff");
  await expect(diff).toContainText("识别为企业微信导出，表头在第 3 行");
  await expect(page.getByTestId("count-new")).toContainText("2");
  await expect(page.getByTestId("count-existing")).toContainText("0");
  await expect(page.getByTestId("count-unmatched")).toContainText("1");
  await expect(page.getByTestId("count-invalid")).toContainText("1");
  const sample = page.getByTestId("import-sample");
  await expect(sample.locator("tbody tr")).toHaveCount(4);
  await expect(sample.locator('tr[data-outcome="new"]').first()).toContainText(employee.name);
  await expect(sample.locator('tr[data-outcome="new"]').first()).toContainText("08:51");
  await expect(page.getByTestId("import-unmatched")).toContainText("企业微信账号 waibao01 不在身份台账或员工名单中");
  await expect(page.getByTestId("import-issues")).toContainText("打卡时间无效：25:61");
  await page.screenshot({ path: "/tmp/import-preview.png", fullPage: false });

  await page.getByTestId("import-confirm").click();
  await expect(page.getByTestId("import-applied")).toContainText("已提交 2 条打卡");

  // The worker writes them and recomputes the day: the sheet's cell drill-down lists both punches.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/attendance/sheet/cell?employee=${employeeId}&date=${DATE}`);
        if (!res.ok()) return `HTTP ${res.status()}`;
        const cell = (await res.json()) as { punches: { at?: string; punchedAt?: string; source?: string }[] };
        return cell.punches.length;
      },
      { timeout: 60_000 },
    )
    .toBe(2);

  // The same file again: nothing new, both already there.
  await page.goto("/console/attendance/import");
  await page.getByTestId("import-file").setInputFiles(file);
  await expect(page.getByTestId("count-existing")).toContainText("2");
  await expect(page.getByTestId("count-new")).toContainText("0");
  await expect(page.getByTestId("import-nothing-new")).toBeVisible();
  await expect(page.getByTestId("import-confirm")).toHaveCount(0);
});
