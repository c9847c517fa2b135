// 考勤互通 (the DingTalk ↔ WeCom bridge, issue 13 item 5) through the console against the simulator: HR reads it;
// an admin switches DingTalk → WeCom on from today, sees how many stored punches catch up, and the server's own
// bridge loop copies them into the simulated WeCom 打卡 (the page's 已同步 reaches that number without anything
// else); then switches it off. zh-CN and en screenshots at 1440×900 (off, on, read-only, forbidden).
// Clean-up: the copies are removed from the simulated WeCom so later pulls in other specs never see them.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { pgUrl, sql } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";

const SHOTS = "test-results/shots-bridge";
const people = demoPeople();

test.use({ viewport: { width: 1440, height: 900 }, userAgent: UA.desktop, locale: "zh-CN" });
test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test("HR reads the bridge; an admin switches DingTalk → WeCom on and the loop copies the day's punches, then off", async ({ page, request }) => {
  test.setTimeout(180_000);
  await loginAs(page, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/bridge");
  await expect(page.getByTestId("bridge-heading")).toHaveText("考勤互通");
  await expect(page.getByTestId("bridge-readonly")).toContainText("不同步");
  await expect(page.getByTestId("bridge-form")).toHaveCount(0);
  await expect(page.getByTestId("bridge-dingtalk_to_wecom-state")).toHaveText("未开启");
  await page.screenshot({ path: `${SHOTS}/bridge-hr-zh-CN.png`, fullPage: true });

  // Three DingTalk punches of today for someone no other spec uses, stored as a pull would have (so the switch-on
  // has something to catch up whatever the time of day); removed again at the end.
  const who = people.all.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D312")[5];
  if (pgUrl) {
    const [{ id }] = await sql<{ id: string }>("select id from employees where employee_no = $1", [who.employeeNo]);
    for (const h of [1, 2, 3]) {
      await sql(
        "insert into punches (source, record_id, employee_id, punched_at, business_date) values ('dingtalk', $1, $2, now() - make_interval(mins => $3), (now() at time zone 'Asia/Shanghai')::date) on conflict do nothing",
        [`e2e-bridge-${h}`, id, h],
      );
    }
  }
  await loginAs(page, { vendor: "wecom", employeeNo: people.admin.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/bridge");
  const form = page.getByTestId("bridge-form");
  await expect(form).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/bridge-admin-off-zh-CN.png`, fullPage: true });
  // a start date older than the limit is refused with the reason, nothing saved
  await page.getByTestId("bridge-mode-dingtalk_to_wecom").check();
  await page.getByTestId("bridge-from").evaluate((el: HTMLInputElement) => {
    el.removeAttribute("min");
  });
  await page.getByTestId("bridge-from").fill("2020-01-01");
  await page.getByTestId("bridge-save").click();
  await expect(page.getByTestId("bridge-note")).toContainText("保存失败");
  await expect(page.getByTestId("bridge-note")).toContainText("from must be");
  // today (the field's max)
  const today = await page.getByTestId("bridge-from").getAttribute("max");
  await page.getByTestId("bridge-from").fill(today!);
  await page.getByTestId("bridge-save").click();
  await expect(page.getByTestId("bridge-note")).toContainText(/已保存，补同步 \d+ 条打卡/);
  const queued = Number(/补同步 (\d+) 条/.exec((await page.getByTestId("bridge-note").textContent()) ?? "")![1]);
  if (pgUrl) expect(queued).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("bridge-dingtalk_to_wecom-state")).toHaveText(/同步中|延迟/);
  if (pgUrl) {
    const [{ n }] = await sql<{ n: number }>("select count(*)::int as n from attendance_bridge where direction = 'dingtalk_to_wecom'");
    expect(n).toBeGreaterThanOrEqual(queued);
  }
  try {
    // the server's loop (every 5 s) sends them; the page shows them copied without anything else
    await expect
      .poll(
        async () => {
          await page.reload();
          return Number(((await page.getByTestId("bridge-dingtalk_to_wecom-sent").textContent()) ?? "").replace(/\D+/g, " ").trim().split(" ")[0]);
        },
        { timeout: 90_000, intervals: [3_000] },
      )
      .toBeGreaterThanOrEqual(queued);
    await expect(page.getByTestId("bridge-dingtalk_to_wecom-no-failures")).toBeVisible();
    await expect(page.getByTestId("bridge-wecom_to_dingtalk-state")).toHaveText("未开启");
    await page.screenshot({ path: `${SHOTS}/bridge-admin-on-zh-CN.png`, fullPage: true });
    await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
    await page.reload();
    await expect(page.getByTestId("bridge-heading")).toHaveText("Attendance bridge");
    await expect(page.getByTestId("bridge-dingtalk_to_wecom-state")).toHaveText(/On|Behind/);
    await page.screenshot({ path: `${SHOTS}/bridge-admin-on-en.png`, fullPage: true });
    await page.context().addCookies([{ name: "locale", value: "zh-CN", url: page.url() }]);
    await page.reload();
  } finally {
    await page.getByTestId("bridge-mode-off").check();
    await page.getByTestId("bridge-save").click();
    await expect(page.getByTestId("bridge-note")).toContainText("已保存");
    expect((await request.post("/api/sim/attendance", { data: { op: "forget-uploads", vendor: "wecom" } })).status()).toBe(200);
    if (pgUrl) await sql("delete from punches where source = 'dingtalk' and record_id like 'e2e-bridge-%'");
  }
  await expect(page.getByTestId("bridge-dingtalk_to_wecom-state")).toHaveText("未开启");
});

test("a manager gets the forbidden card", async ({ page }) => {
  const manager = people.all.find((e) => e.isLeader && e.role === "employee" && e.departmentCode !== "D000")!;
  await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo, ua: "pc" });
  await page.goto("/console/attendance/bridge");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/bridge-manager-zh-CN.png` });
});
