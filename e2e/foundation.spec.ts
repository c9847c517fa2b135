// The two shells at the sizes people use them: the workbench home on a phone inside WeCom (390×844) and the
// console home on a PC (1440×900). Each is checked for real content; the screenshots in docs/ (used by the
// README) are taken here by `npm run docs:screenshots` (npm test writes them under test-results/docs/ instead).
import { expect, test } from "@playwright/test";
import { demoPeople, docShot, loginAs, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

test.describe("workbench shell at phone width", () => {
  // Inside the WeCom client on a phone in China: its user agent and a zh-CN Accept-Language.
  test.use({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });

  test("home shows who I am, quick actions, today's meetings and the tab bar @smoke", async ({ page }) => {
    const { employee } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    await page.goto("/");
    await expect(page.getByTestId("viewer-name")).toContainText(employee.name);
    await expect(page.getByTestId("viewer-department")).not.toBeEmpty();
    await expect(page.getByRole("link", { name: /扫码签到/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /我的考勤/ })).toBeVisible();
    await expect(page.getByTestId("today-meetings")).toBeVisible();

    const tabs = page.getByRole("navigation", { name: "主导航" });
    await expect(tabs).toBeVisible();
    for (const label of ["首页", "会议", "考勤", "待办", "我的"]) await expect(tabs.getByRole("link", { name: label })).toBeVisible();
    await expect(page.getByTestId("tab-home")).toHaveAttribute("aria-current", "page");
    // 44px touch targets, and the bar stays at the bottom of the screen.
    const box = (await page.getByTestId("tab-me").boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.y + box.height).toBeGreaterThan(PHONE.height - 80);

    await page.screenshot({ path: docShot("workbench-home") });
  });

  test("attendance shows today's punch clock and my month; to-dos say our own approval flows come later; me shows the profile and switches language", async ({ page }) => {
    const { employee } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });

    await page.getByTestId("tab-attendance").click();
    await expect(page.getByTestId("month-nav")).toBeVisible();
    await expect(page.getByTestId("punch-today")).toBeVisible();
    await expect(page.getByText("打卡、排班与补卡")).toHaveCount(0); // the "coming later" panel is gone
    await expect(page.getByTestId("tab-attendance")).toHaveAttribute("aria-current", "page");

    await page.getByTestId("tab-todos").click();
    await expect(page.getByText(/^会议缺席说明/)).toBeVisible();
    await expect(page.getByTestId("apply-leave-link")).toBeVisible();

    await page.getByTestId("tab-me").click();
    await expect(page.getByTestId("me-name")).toHaveText(employee.name);
    await expect(page.getByText(employee.employeeNo)).toBeVisible();
    await expect(page.getByRole("link", { name: "退出登录" })).toHaveAttribute("href", "/api/auth/signout");

    await page.getByRole("radio", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Me" })).toBeVisible();
    await expect(page.getByRole("radio", { name: "English" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("radio", { name: "简体中文" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "我的" })).toBeVisible();
  });

  test("an employee without a team is sent back from the console with a reason", async ({ page }) => {
    const { employee } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    await page.goto("/console");
    await expect(page).toHaveURL(/\/\?notice=console_forbidden$/);
    await expect(page.getByText("管理后台仅对人事、管理员和部门负责人开放。")).toBeVisible();
  });
});

test.describe("console shell at desktop width", () => {
  test.use({ viewport: DESKTOP, userAgent: UA.desktop, locale: "zh-CN" });

  test("HR sees every section and today's KPIs", async ({ page }) => {
    const { hr } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
    await page.goto("/console");
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
    await expect(page.getByTestId("console-user")).toContainText(hr.name);
    const nav = page.getByRole("navigation", { name: "管理后台导航" });
    for (const label of ["会议", "报表", "人员", "身份台账", "组织架构", "接入状态", "同步记录", "系统设置"]) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    await expect(nav.getByRole("link", { name: "API 密钥", exact: true })).toHaveCount(0); // admins only
    const kpis = page.getByTestId("console-kpis");
    for (const label of ["今日会议", "今日签到", "待处理身份冲突", "回调处理失败", "OA 待同步"]) await expect(kpis.getByText(label)).toBeVisible();
    await expect(page.getByRole("link", { name: "返回工作台" })).toHaveAttribute("href", "/");
    await page.screenshot({ path: docShot("console-home") });
  });

  test("a manager sees only overview, the attendance board, meetings, reports and people, with numbers for their own departments", async ({ page }) => {
    const { manager } = demoPeople();
    await loginAs(page, { vendor: "dingtalk", employeeNo: manager.employeeNo, ua: "pc" });
    await page.goto("/console");
    const nav = page.getByRole("navigation", { name: "管理后台导航" });
    await expect(nav.getByRole("link")).toHaveText(["概览", "考勤看板", "考勤日报", "考勤月报", "考勤趋势", "会议", "报表", "人员"]);
    await expect(page.getByText("你负责的部门（含下级部门）")).toBeVisible();
    await expect(page.getByTestId("console-kpis").getByText("OA 待同步")).toHaveCount(0);
  });

  test("login page on a PC offers both vendors' logins", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByTestId("login-wecom-qr")).toBeVisible();
    await expect(page.getByTestId("login-dingtalk-oauth")).toBeVisible();
    await page.screenshot({ path: docShot("login") });
  });
});
