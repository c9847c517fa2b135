// 会议请假 on phones (issue 15 item 2): an invitee opens tomorrow's meeting, taps 请假, sees the path (the meeting's
// organiser) before submitting, and files an excuse with a reason category; the organiser approves it from 待办; the
// meeting then shows the invitee as 请假 — on the organiser's page (已请假 list, with the reason) and as the
// invitee's own status — and the attendance API says on_leave. The 请假 link is gone once excused.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

test.setTimeout(240_000);

async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

test("an invitee asks to be excused from tomorrow's meeting; the organiser approves from 待办; the meeting shows 请假", async ({ browser }) => {
  // The organiser: someone in 财务部 who is none of the roles other specs use (an organiser sees their invitees).
  const { employee, all } = demoPeople();
  const organiser = all.find((e) => e.departmentCode === "D500" && !e.isLeader && e.role === "employee")!;
  const org = await phone(browser, organiser.employeeNo);
  const title = `客户周会 ${Date.now().toString(36)}`;
  const startsAt = new Date(Math.ceil((Date.now() + 24 * 3_600_000) / 3_600_000) * 3_600_000);
  const created = await org.request.post("/api/meetings", {
    data: { title, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), inviteeEmployeeNos: [employee.employeeNo] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const meetingId = ((await created.json()) as { id: number }).id;

  // The invitee, on the phone: the meeting page links to the form with the meeting chosen.
  const emp = await phone(browser, employee.employeeNo);
  await emp.goto(`/meetings/${meetingId}`);
  await expect(emp.getByTestId("meeting-excuse-link")).toHaveText("请假");
  await emp.screenshot({ path: "test-results/approval-meeting-excuse/00-meeting.png", fullPage: true });
  await emp.getByTestId("meeting-excuse-link").click();
  await expect(emp).toHaveURL(new RegExp(`/todos/apply/meeting-excuse\\?m=${meetingId}$`));
  await expect(emp.getByTestId("excuse-meeting")).toHaveValue(String(meetingId));
  await expect(emp.getByTestId("excuse-hint")).toContainText("审批通过后");
  const steps = emp.getByTestId("apply-path-step");
  await expect(steps).toHaveCount(1);
  await expect(steps.first()).toContainText(organiser.name);
  await emp.getByTestId("excuse-category").selectOption("客户拜访");
  await emp.getByTestId("apply-reason").fill("明天上午拜访华东区客户，无法参会");
  await emp.screenshot({ path: "test-results/approval-meeting-excuse/01-apply.png", fullPage: true });
  await emp.getByTestId("apply-submit").click();
  await expect(emp).toHaveURL(/\/todos\/approvals\/\d+$/);
  const itemPath = new URL(emp.url()).pathname;
  await expect(emp.getByTestId("approval-step")).toHaveCount(1);

  // A second excuse for the same meeting is refused with its reason, in words.
  await emp.goto(`/todos/apply/meeting-excuse?m=${meetingId}`);
  await expect(emp.getByTestId("apply-no-path")).toHaveAttribute("data-reason", "already_pending");
  await expect(emp.getByTestId("apply-no-path")).toContainText("正在审批中");
  await expect(emp.getByTestId("apply-submit")).toBeDisabled();

  // The organiser approves from 待办.
  await org.goto("/todos");
  await org.locator('[data-testid="todo-approval"]').filter({ hasText: title }).first().click();
  await expect(org).toHaveURL(new RegExp(`${itemPath}$`));
  await org.getByTestId("decide-agree").click();
  await expect(org.getByTestId("approval-result")).toHaveText("审批通过");

  // The meeting: 请假 on the organiser's page (with the reason) and in the attendance the OA pulls.
  await org.goto(`/meetings/${meetingId}`);
  const person = org.getByTestId("excused-person").filter({ hasText: employee.name });
  await expect(person).toContainText("请假");
  await expect(person).toContainText("客户拜访：明天上午拜访华东区客户");
  await org.getByTestId("excused-list").scrollIntoViewIfNeeded();
  await org.screenshot({ path: "test-results/approval-meeting-excuse/02-organiser.png" });
  const rows = ((await (await org.request.get(`/api/meetings/${meetingId}/attendance`)).json()) as { rows: { employeeNo: string; status: string }[] }).rows;
  expect(rows.find((r) => r.employeeNo === employee.employeeNo)?.status).toBe("on_leave");

  // The invitee's own view: 请假, and no second 请假 link.
  await emp.goto(`/meetings/${meetingId}`);
  await expect(emp.getByTestId("my-status")).toContainText("请假");
  await expect(emp.getByTestId("meeting-excuse-link")).toHaveCount(0);
  await emp.screenshot({ path: "test-results/approval-meeting-excuse/03-invitee.png", fullPage: true });
});
