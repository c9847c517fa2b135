// Native DingTalk approvals mirrored (issue 15 item 3), on the suite's server with the simulator standing in for
// DingTalk: an employee files leave in DingTalk itself (the simulator's control route acts as DingTalk's own app and
// pushes the signed bpms_instance_change / bpms_task_change events to our callback); the leader finds it in our 待办,
// opens it and agrees with a comment — the decision reaches the simulated DingTalk through
// /v1.0/workflow/processInstances/execute with the remark, and the item shows it decided with the act and DingTalk's
// answer in its trail. A second application is decided in DingTalk meanwhile and that event is lost: agreeing from our
// app gives the clear "already decided in DingTalk" message, and DingTalk holds only its own decision.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { sql, pgUrl } from "./db";
import { demoPeople, loginAs, UA } from "./fixtures";

test.setTimeout(240_000);
test.skip(!pgUrl, "reads the identity ledger from PostgreSQL (DATABASE_URL)");

async function dingtalkUserId(employeeNo: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const rows = await sql<{ external_id: string }>(
      "select i.external_id from identities i join employees e on e.id = i.employee_id where i.provider = 'dingtalk' and e.employee_no = $1",
      [employeeNo],
    );
    if (rows.length) return rows[0].external_id;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no DingTalk identity for ${employeeNo}`);
}

async function dingtalkPhone(browser: Browser, employeeNo: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.dingtalkMobile, locale: "zh-CN" });
  const page = await context.newPage();
  await loginAs(page, { vendor: "dingtalk", employeeNo });
  return page;
}

interface SimInstance {
  id: string;
  status: string;
  result: string;
  decidedVia: { taskId: number; via: "vendor" | "api"; result: string; remark: string }[];
}
async function simInstance(request: APIRequestContext, id: string): Promise<SimInstance> {
  const r = await request.get("/api/sim/native-approvals");
  expect(r.status()).toBe(200);
  return ((await r.json()) as { dingtalk: SimInstance[] }).dingtalk.find((i) => i.id === id)!;
}
async function simAct(request: APIRequestContext, data: Record<string, unknown>): Promise<{ id: string; delivered: number[] }> {
  const r = await request.post("/api/sim/native-approvals", { data });
  expect(r.status(), await r.text()).toBe(200);
  return r.json();
}

test("a DingTalk leave mirrored into the leader's 待办, agreed from our app, written to DingTalk; one decided in DingTalk meanwhile gives a clear message", async ({ browser, request }) => {
  const { employee, manager } = demoPeople();
  const [applicantId, leaderId] = [await dingtalkUserId(employee.employeeNo), await dingtalkUserId(manager.employeeNo)];
  const stamp = Date.now().toString().slice(-6);

  // filed in DingTalk: the events reach our callback (all 2xx), the inbox mirrors the instance
  const first = await simAct(request, { op: "create", vendor: "dingtalk", applicant: applicantId, approvers: [leaderId], title: `钉钉请假 ${stamp}`, form: { kind: "leave", leaveType: "年假", start: "2031-06-02", end: "2031-06-03", reason: "回老家" } });
  expect(first.delivered.length).toBe(2);
  expect(first.delivered.every((s) => s >= 200 && s < 300)).toBe(true);

  const page = await dingtalkPhone(browser, manager.employeeNo);
  const row = page.getByTestId("todo-approval").filter({ hasText: `钉钉请假 ${stamp}` });
  await expect(async () => {
    await page.goto("/todos");
    await expect(row).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await row.click();
  await expect(page.getByTestId("approval-title")).toHaveText(`钉钉请假 ${stamp}`);
  await expect(page.getByTestId("approval-fields")).toContainText("年假");
  await expect(page.getByTestId("approval-oa-link")).toHaveText(/在钉钉中查看/);
  // DingTalk's execute agrees or refuses: no 退回 here
  await expect(page.getByTestId("decide-return")).toHaveCount(0);
  await page.getByLabel("审批意见").fill("同意，注意交接");
  await page.screenshot({ path: "test-results/approval-native-item.png", fullPage: true });
  await page.getByTestId("decide-agree").click();
  await expect(page.getByTestId("approval-status")).toHaveText(/已处理|已同意|decided/, { timeout: 15_000 });

  // in DingTalk: the task was executed through the API, with the remark, once
  const held = await simInstance(request, first.id);
  expect(held.status).toBe("COMPLETED");
  expect(held.result).toBe("agree");
  expect(held.decidedVia).toEqual([expect.objectContaining({ via: "api", result: "agree", remark: "同意，注意交接" })]);
  // the trail: our act and DingTalk's answer
  await expect(page.getByTestId("approval-event").filter({ hasText: manager.name }).first()).toBeVisible();
  await expect(page.getByTestId("approval-path")).toContainText("写回钉钉审批：已接收");
  await page.screenshot({ path: "test-results/approval-native-decided.png", fullPage: true });

  // a second application, decided in DingTalk while its event is lost
  const second = await simAct(request, { op: "create", vendor: "dingtalk", applicant: applicantId, approvers: [leaderId], title: `钉钉外出 ${stamp}`, form: { kind: "other", reason: "拜访客户" } });
  const row2 = page.getByTestId("todo-approval").filter({ hasText: `钉钉外出 ${stamp}` });
  await expect(async () => {
    await page.goto("/todos");
    await expect(row2).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await row2.click();
  await expect(page.getByTestId("approval-title")).toHaveText(`钉钉外出 ${stamp}`);
  await simAct(request, { op: "refuse", vendor: "dingtalk", id: second.id, userId: leaderId, remark: "在钉钉里拒绝", deliver: false });
  await page.getByTestId("decide-agree").click();
  await expect(page.getByTestId("approval-decide-error")).toHaveText("这条审批已在钉钉中被处理（或已撤销），你的操作没有生效。");
  await page.screenshot({ path: "test-results/approval-native-elsewhere.png", fullPage: true });
  // the item, seen again: decided (in DingTalk), and our refused attempt in its trail
  await page.reload();
  await expect(page.getByTestId("approval-status")).toHaveText("已处理");
  await expect(page.getByTestId("approval-path")).toContainText("钉钉中已被处理，本次未生效");
  const held2 = await simInstance(request, second.id);
  expect(held2.decidedVia).toEqual([expect.objectContaining({ via: "vendor", result: "refuse" })]);
  expect(held2.result).toBe("refuse");
  await page.context().close();
});
