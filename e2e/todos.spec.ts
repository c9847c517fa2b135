// 待办 on a phone: a meeting whose check-in is open and that I have not checked in to is waiting for me; once my
// attendance is recorded it is not.
import { expect, test, type Browser } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

const phone = async (browser: Browser) =>
  (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" })).newPage();

test("an open check-in is a to-do until my attendance is recorded", async ({ browser }) => {
  const { manager, employee } = demoPeople();
  const org = await phone(browser);
  await loginAs(org, { vendor: "wecom", employeeNo: manager.employeeNo });
  const title = `待办 e2e 会议 ${Date.now()}`;
  const start = new Date(Date.now() + 5 * 60_000); // check-in opens 15 minutes before the start: open now
  const created = await org.request.post("/api/meetings", {
    data: { title, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), inviteeEmployeeNos: [employee.employeeNo], locationName: "总部 A 座 5 层" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };

  const emp = await phone(browser);
  await loginAs(emp, { vendor: "wecom", employeeNo: employee.employeeNo });
  await emp.getByTestId("tab-todos").click();
  const item = emp.getByTestId("todo-checkin").filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText("签到进行中");
  await expect(item.getByRole("link", { name: "去签到" })).toHaveAttribute("href", `/checkin?m=${id}`);
  await emp.screenshot({ path: "test-results/todos.png", fullPage: true });
  // The link opens the meeting's check-in (QR only, no fence): titled 会议签到, with the scanner one tap away.
  await item.getByRole("link", { name: "去签到" }).click();
  await expect(emp.getByTestId("checkin-meeting-title")).toHaveText(title);
  await expect(emp.getByRole("heading", { name: "会议签到" })).toBeVisible();
  await expect(emp.getByTestId("checkin-open-scanner")).toHaveAttribute("href", "/meetings/scan");
  await expect(emp.getByTestId("checkin-geo")).toHaveCount(0);
  await emp.goto("/todos");

  // The organiser records the attendance (a paper sign-in sheet): the to-do is gone.
  const who = (await (await org.request.get(`/api/meetings/people?no=${employee.employeeNo}`)).json()) as { id: number };
  const marked = await org.request.post(`/api/meetings/${id}/marks`, { data: { employeeId: who.id, status: "on_time", reason: "现场纸质签到" } });
  expect(marked.status(), await marked.text()).toBe(200);
  await emp.reload();
  await expect(emp.getByTestId("todo-checkin").filter({ hasText: title })).toHaveCount(0);
  await expect(emp.getByText(/^加班与会议缺席说明/)).toBeVisible(); // overtime and excuses come later; leave and 补卡 are filed here (e2e/approval-flows.spec.ts)
});
