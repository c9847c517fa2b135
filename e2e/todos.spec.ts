// 待办 on a phone: a meeting whose check-in is open and that I have not checked in to is waiting for me; once my
// attendance is recorded it is not.
import { expect, test, type Browser } from "@playwright/test";
import { createApprovalKey, purchaseItem, pushItems } from "./approval-fixtures";
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
  await expect(emp.getByText(/^会议缺席说明/)).toBeVisible(); // excuses come later; leave, 补卡 and 加班 are filed here (e2e/approval-flows.spec.ts, e2e/approval-overtime.spec.ts)
});

test("待办 segments: 批量同意 agrees the simple items at once and reports each; 已处理 and 我发起的 list them", async ({ browser, baseURL, request }) => {
  test.setTimeout(240_000);
  const { manager, employee } = demoPeople();
  const key = await createApprovalKey(browser, baseURL!);
  const tag = `BATCH-${Date.now()}`;
  const ids = [`${tag}-A`, `${tag}-B`, `${tag}-C`];
  const results = await pushItems(request, baseURL!, key, [
    purchaseItem(ids[0], employee.employeeNo, [manager.employeeNo], { title: `批量 ${ids[0]}`, attachments: undefined }),
    purchaseItem(ids[1], employee.employeeNo, [manager.employeeNo], { title: `批量 ${ids[1]}`, attachments: undefined }),
    purchaseItem(ids[2], employee.employeeNo, [manager.employeeNo], { title: `批量 ${ids[2]}` }), // an attachment: open it to decide
  ]);
  expect(results.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted"]);

  const boss = await phone(browser);
  await loginAs(boss, { vendor: "wecom", employeeNo: manager.employeeNo });
  const rowOf = (id: string) => boss.getByTestId("todo-approval").filter({ hasText: id });
  await expect(async () => {
    await boss.goto("/todos");
    for (const id of ids) await expect(rowOf(id)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  // The segments (抄送我的 shows only once something was copied to this person), 待我处理 selected.
  for (const [seg, label] of [["todo", "待我处理"], ["mine", "我发起的"], ["done", "已处理"]]) await expect(boss.locator(`[data-testid="todo-segment"][data-segment="${seg}"]`)).toContainText(label);
  await expect(boss.locator('[data-testid="todo-segment"][data-segment="todo"]')).toHaveAttribute("aria-current", "page");
  // The two without attachments can be ticked; the third has no box.
  await expect(rowOf(ids[0])).toHaveAttribute("data-simple", "");
  await expect(rowOf(ids[2])).not.toHaveAttribute("data-simple", "");
  await boss.getByRole("checkbox", { name: `选择 批量 ${ids[0]}` }).check();
  await boss.getByRole("checkbox", { name: `选择 批量 ${ids[1]}` }).check();
  await boss.screenshot({ path: "test-results/todos-batch-1.png", fullPage: true });
  await boss.getByTestId("batch-agree").click();

  const report = boss.getByTestId("batch-result");
  await expect(report).toContainText("2 项已同意，0 项未处理");
  await expect(report.getByTestId("batch-result-item")).toHaveCount(2);
  for (const id of ids.slice(0, 2)) await expect(report.getByTestId("batch-result-item").filter({ hasText: id })).toHaveAttribute("data-result", "ok");
  await expect(rowOf(ids[0])).toHaveCount(0);
  await expect(rowOf(ids[2])).toBeVisible();
  await boss.screenshot({ path: "test-results/todos-batch-2.png", fullPage: true });

  // 已处理: the two agreed; the source filter keeps them under OA and drops them under 本应用.
  await boss.locator('[data-testid="todo-segment"][data-segment="done"]').click();
  await expect(boss).toHaveURL(/seg=done/);
  for (const id of ids.slice(0, 2)) await expect(rowOf(id).getByTestId("todo-status")).toHaveText("已处理");
  await boss.locator('[data-testid="todo-source"][data-source="app"]').click();
  await expect(boss).toHaveURL(/seg=done&source=app/);
  await expect(rowOf(ids[0])).toHaveCount(0);
  await boss.locator('[data-testid="todo-source"][data-source="oa"]').click();
  await expect(rowOf(ids[0])).toBeVisible();

  // 我发起的 for the applicant: all three, two decided and one still open.
  const emp = await phone(browser);
  await loginAs(emp, { vendor: "wecom", employeeNo: employee.employeeNo });
  await emp.goto("/todos?seg=mine");
  await expect(emp.getByTestId("todo-approval").filter({ hasText: ids[0] }).getByTestId("todo-status")).toHaveText("已处理");
  await expect(emp.getByTestId("todo-approval").filter({ hasText: ids[2] }).getByTestId("todo-status")).toHaveText("待处理");
  await emp.screenshot({ path: "test-results/todos-mine.png", fullPage: true });
});
