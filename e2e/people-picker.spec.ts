// Creating a meeting on a phone (issue 11 item 7): the organiser picks attendees in a full-screen sheet — through
// the department tree (breadcrumbs, whole departments), by name, by 工号 and by department name — instead of
// typing 工号 separated by commas. The directory answers signed-in people only and never carries phone or e-mail.
import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const SHOTS = "test-results/meetui";
const TZ = "Asia/Shanghai";

function wall(d: Date) {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return { date: `${g("year")}-${g("month")}-${g("day")}`, time: `${g("hour")}:${g("minute")}` };
}

async function phone(browser: Browser, locale: "zh-CN" | "en") {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale });
  return ctx.newPage();
}

type Dept = { id: number; name: string; parentId: number | null; members: number };
const deptRow = (page: Page, id: number) => page.locator(`[data-testid="picker-department"][data-department-id="${id}"]`);
const personRow = (page: Page, no: string) => page.locator(`[data-testid="picker-person"][data-employee-no="${no}"] button`);

test("the organiser picks a department from the tree, a person by name and one by 工号, and creates the meeting", async ({ browser }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const people = demoPeople();
  const org = await phone(browser, "zh-CN");
  await loginAs(org, { vendor: "wecom", employeeNo: people.manager.employeeNo });
  const tree = ((await (await org.request.get("/api/departments/tree")).json()) as { data: Dept[] }).data;
  const tech = tree.find((d) => d.name === "技术中心")!;
  const platform = tree.find((d) => d.name === "平台研发部")!;
  const byName = people.outsider; // 上海销售一组: outside the picked department
  const byNo = people.all.find((e) => e.departmentCode === "D400" || (e.role === "employee" && e.departmentCode.startsWith("D4") && !e.isLeader))!;
  expect(byNo.employeeNo).not.toBe(byName.employeeNo);

  await org.goto("/meetings/new");
  await org.getByLabel("会议主题").fill("选人 e2e 评审会");
  // Tomorrow 10:00–11:00 in the organisation's zone (never across midnight, whenever the test runs).
  await org.locator("#date").fill(wall(new Date(Date.now() + 86_400_000)).date);
  await org.locator("#start").fill("10:00");
  await org.locator("#end").fill("11:00");
  // No comma-separated 工号 field any more.
  await expect(org.locator("#people")).toHaveCount(0);

  await org.getByTestId("open-picker").click();
  const sheet = org.getByTestId("people-picker");
  await expect(sheet).toBeVisible();
  await expect(deptRow(org, tech.id)).toBeVisible();
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", "0");
  await expect(org.getByTestId("picker-current")).toContainText("千岛科技"); // the whole company, for a 全员大会
  await org.screenshot({ path: `${SHOTS}/picker-tree-zh-CN-390.png` });

  // Into 技术中心 through the tree; breadcrumbs show the way back.
  await deptRow(org, tech.id).getByTestId("picker-open-department").click();
  await expect(org.getByTestId("picker-breadcrumbs")).toContainText("技术中心");
  await expect(deptRow(org, platform.id)).toBeVisible();
  await deptRow(org, platform.id).locator("button").first().click();
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", String(platform.members));
  // Inside a picked department, its sub-departments are ticked and cannot be picked alone.
  await deptRow(org, platform.id).getByTestId("picker-open-department").click();
  const sub = tree.find((d) => d.parentId === platform.id)!;
  await expect(deptRow(org, sub.id).locator("button").first()).toBeDisabled();
  await org.screenshot({ path: `${SHOTS}/picker-drilled-zh-CN-390.png` });

  // By name, then by 工号.
  await org.getByTestId("picker-search").fill(byName.name);
  await personRow(org, byName.employeeNo).click();
  await org.getByTestId("picker-search").fill(byNo.employeeNo);
  await expect(org.getByTestId("picker-person").first()).toHaveAttribute("data-employee-no", byNo.employeeNo);
  await personRow(org, byNo.employeeNo).click();
  // By department name: the department shows up, with its people.
  await org.getByTestId("picker-search").fill("财务");
  await expect(org.getByTestId("picker-department").first()).toContainText("财务部");
  await expect(org.getByTestId("picker-person").first()).toContainText("财务部");
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", String(platform.members + 2));
  await org.screenshot({ path: `${SHOTS}/picker-search-zh-CN-390.png` });
  await org.getByTestId("picker-done").click();
  await expect(sheet).toBeHidden();

  const chips = org.getByTestId("invitee-chip");
  await expect(chips).toHaveCount(3);
  await org.screenshot({ path: `${SHOTS}/meeting-new-chips-zh-CN-390.png`, fullPage: true });
  await org.getByTestId("meeting-submit").click();
  await org.waitForURL(/\/meetings\/\d+$/);
  await expect(org.getByTestId("count-invited")).toHaveText(String(platform.members + 2));
});

test("the picker in English", async ({ browser }) => {
  const people = demoPeople();
  const org = await phone(browser, "en");
  await loginAs(org, { vendor: "wecom", employeeNo: people.manager.employeeNo });
  await org.context().addCookies([{ name: "locale", value: "en", url: new URL(org.url()).origin }]);
  await org.goto("/meetings/new");
  await org.getByTestId("open-picker").click();
  await expect(org.getByTestId("picker-department").first()).toBeVisible();
  await org.screenshot({ path: `${SHOTS}/picker-tree-en-390.png` });
  await org.getByTestId("picker-search").fill("QD");
  await expect(org.getByTestId("picker-person").first()).toBeVisible();
  await org.getByTestId("picker-person").nth(0).locator("button").click();
  await org.getByTestId("picker-person").nth(1).locator("button").click();
  await expect(org.getByTestId("picker-count")).toHaveAttribute("data-count", "2");
  await org.screenshot({ path: `${SHOTS}/picker-search-en-390.png` });
});

test("the directory: signed-in only, at most 50, no phone or e-mail, bad input refused", async ({ browser, request }) => {
  expect((await request.get("/api/people/search?q=QD")).status()).toBe(401);
  expect((await request.get("/api/departments/tree")).status()).toBe(401);
  const people = demoPeople();
  const emp = await phone(browser, "zh-CN");
  await loginAs(emp, { vendor: "wecom", employeeNo: people.employee.employeeNo });
  const r = await emp.request.get("/api/people/search?q=QD");
  expect(r.status()).toBe(200);
  const body = await r.text();
  const { data } = JSON.parse(body) as { data: Record<string, unknown>[] };
  expect(data.length).toBe(50);
  for (const p of data) expect(Object.keys(p).sort()).toEqual(["department", "employeeNo", "id", "name"]);
  for (const e of people.all.slice(0, 50)) {
    expect(body).not.toContain(e.mobile);
    expect(body).not.toContain(e.email);
  }
  expect((await emp.request.get("/api/people/search?department_id=abc")).status()).toBe(400);
  expect((await emp.request.get(`/api/people/search?q=${"x".repeat(65)}`)).status()).toBe(400);
  expect((await emp.request.get("/api/people/search?department_id=999999999")).status()).toBe(404);
  const one = await emp.request.get(`/api/people/search?q=${encodeURIComponent(people.hr.name)}`);
  expect(((await one.json()) as { data: { employeeNo: string }[] }).data.map((p) => p.employeeNo)).toContain(people.hr.employeeNo);
});
