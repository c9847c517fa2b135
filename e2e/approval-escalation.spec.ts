// 审批超时预警 (issue 15 item 6), against the built app and its own approvals.timeouts loop (once a minute, real
// clock): an employee files a day of leave; its step is given a timeout (1 h, one 催办, then HR) and its clock is put
// in the past through the database (the simulator's clock is the vendors', not ours). The leader gets one 催办 in chat,
// sees 已超时 in 待办 and on the item with the 催办 in its trail; once the next interval has passed HR gets one alert
// and the trail shows it; the applicant sees 已超时 but no reminders. Quiet hours are turned off for the run so the
// result does not depend on the hour. Needs our own database (DATABASE_URL, PostgreSQL); skipped on PGlite.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { pgUrl, sql } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";

const SHOTS = "test-results/approval-escalation";

async function phone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  return page;
}

// Leave in 2032, a different day per run, so repeated runs on a kept database touch no real attendance.
// Fixed once per run: per call, a second's tick between start and end made a two-day leave (see approval-flows.spec).
const DAY = new Date(Date.UTC(2032, 0, 1) + (Math.floor(Date.now() / 1000) % 300) * 86_400_000).toISOString().slice(0, 10);
const day = () => DAY;

test("an overdue step: 催办 to the approver, then HR alerted — once each, shown as 已超时 and in the item's trail", async ({ browser, request }) => {
  test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to put the step's clock in the past");
  test.setTimeout(300_000);
  const { employee, hr, all } = demoPeople();
  await sql(
    `insert into app_settings (key, value) values ('approval_timeout', '{"quietStart":"00:00","quietEnd":"00:00","oa":null}'::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
  );

  const emp = await phone(browser, employee.employeeNo);
  await emp.goto("/todos/apply/leave");
  await emp.getByTestId("apply-start").fill(day());
  await emp.getByTestId("apply-end").fill(day());
  await expect(emp.getByTestId("apply-path-step")).toHaveCount(1);
  const leaderName = ((await emp.getByTestId("apply-path-step").first().textContent()) ?? "").split(" · ").pop()!.trim();
  const leader = all.find((e) => e.name === leaderName)!;
  await emp.getByTestId("apply-reason").fill("家里有事");
  await emp.getByTestId("apply-submit").click();
  await expect(emp).toHaveURL(/\/todos\/approvals\/\d+$/);
  const itemPath = new URL(emp.url()).pathname;
  const itemId = Number(itemPath.split("/").pop());

  // The step times out after 1 h, one 催办, then HR; it became active 61 minutes ago (deadline a minute ago).
  await sql(
    `update approval_item_steps set timeout = '{"hours":1,"remindMax":1,"escalateTo":["hr"]}'::jsonb, activated_at = now() - interval '61 minutes'
      where item_id = $1 and step_index = 0`,
    [itemId],
  );
  await sql("update approval_items set due_at = now() - interval '1 minute' where id = $1", [itemId]);
  await request.delete("/api/sim/messages");
  const messagesTo = async (userid: string, word: string) =>
    ((await (await request.get(`/api/sim/messages?to=${encodeURIComponent(userid)}`)).json()) as { messages: unknown[] }).messages.filter((m) => JSON.stringify(m).includes(word) && JSON.stringify(m).includes(itemPath));

  // 催办: the loop runs once a minute; the sender picks the row up within seconds.
  await expect.poll(async () => (await messagesTo(leader.wecomUserId, "催办")).length, { timeout: 100_000, intervals: [2_000] }).toBe(1);
  const boss = await phone(browser, leader.employeeNo);
  await boss.goto("/todos");
  const todo = boss.locator(`a[data-testid="todo-approval"][href="${itemPath}"]`);
  await expect(todo.getByTestId("todo-overdue")).toHaveText("已超时");
  await boss.screenshot({ path: `${SHOTS}/01-todos-overdue.png`, fullPage: true });
  await boss.goto(itemPath);
  await expect(boss.getByTestId("approval-overdue")).toHaveText("已超时");
  await expect(boss.locator('[data-testid="approval-event"][data-kind="remind"]')).toHaveCount(1);
  await expect(boss.locator('[data-testid="approval-event"][data-kind="remind"]')).toContainText(`系统 催办 ${leaderName}（第 1 次）`);

  // The next interval: the clock moves back one more hour (item, step and the claimed stage together).
  await sql("update approval_item_steps set activated_at = activated_at - interval '1 hour' where item_id = $1 and step_index = 0", [itemId]);
  await sql("update approval_timeout_stages set deadline = deadline - interval '1 hour', due_at = due_at - interval '1 hour' where item_id = $1", [itemId]);
  await sql("update approval_items set due_at = due_at - interval '1 hour' where id = $1", [itemId]);
  await expect.poll(async () => (await messagesTo(hr.wecomUserId, "审批超时未处理")).length, { timeout: 100_000, intervals: [2_000] }).toBe(1);
  await boss.reload();
  await expect(boss.locator('[data-testid="approval-event"][data-kind="escalate"]')).toContainText("审批超时，已提醒");
  await expect(boss.locator('[data-testid="approval-event"][data-kind="escalate"]')).toContainText(hr.name);
  await boss.screenshot({ path: `${SHOTS}/02-item-trail.png`, fullPage: true });

  // Still once each after another loop round; the applicant sees 已超时 but neither the 催办 nor the alert.
  await new Promise((r) => setTimeout(r, 65_000));
  expect(await messagesTo(leader.wecomUserId, "催办")).toHaveLength(1);
  expect(await messagesTo(hr.wecomUserId, "审批超时未处理")).toHaveLength(1);
  expect(await messagesTo(employee.wecomUserId, "超时")).toHaveLength(0);
  const stages = await sql<{ kind: string; result: string }>("select kind, result from approval_timeout_stages where item_id = $1 order by stage_no", [itemId]);
  expect(stages).toEqual([{ kind: "remind", result: "sent" }, { kind: "escalate", result: "sent" }]);
  await emp.goto(itemPath);
  await expect(emp.getByTestId("approval-overdue")).toHaveText("已超时");
  await expect(emp.locator('[data-testid="approval-event"][data-kind="submit"]')).toHaveCount(1);
  await expect(emp.locator('[data-testid="approval-event"][data-kind="remind"], [data-testid="approval-event"][data-kind="escalate"]')).toHaveCount(0);
  await emp.screenshot({ path: `${SHOTS}/03-applicant.png`, fullPage: true });

  // Tidy: the leader decides (nothing more is sent for a decided item).
  await boss.goto(itemPath);
  await boss.getByTestId("decide-agree").click();
  await expect(boss.getByTestId("approval-status")).toHaveText("已处理");
  await expect(boss.getByTestId("approval-overdue")).toHaveCount(0);
  await sql("delete from app_settings where key = 'approval_timeout'");
});
