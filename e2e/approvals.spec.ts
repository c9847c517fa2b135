// OA approval todos on the phone (issue 15 items 1, 5, 7), against an app server of its own that writes back to a
// signed HTTP receiver (OA_SINK=http, lib/oa-sync/testing/oa-server.ts) — the suite's shared server has no OA sink.
// An item the OA pushes through POST /api/v1/approval-items reaches the approver's 待办, is decided on the phone,
// and the receiver gets exactly one signed decision; an item the OA decided meanwhile ends as "已在 OA 中处理" with
// nothing written twice; a non-approver is refused; a second decision is told who was first. Screenshots (390×844,
// zh-CN; one en) go to test-results/approvals/ (or $SHOTS_DIR).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createDatabase, startApp, type AppProcess } from "../bench/lib/server";
import { startOaTestServer, type OaTestServer } from "../lib/oa-sync/testing/oa-server";
import { createApprovalKey, purchaseItem, pushItems } from "./approval-fixtures";
import { demoPeople, loginAs, UA } from "./fixtures";

const PORT = Number(process.env.E2E_APPROVALS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 8);
const SECRET = "e2e-approvals-webhook-secret";
const SHOTS = process.env.SHOTS_DIR ?? "test-results/approvals";
const shot = (name: string) => path.join(SHOTS, `${name}.png`);
const DECIDED_IN_OA = "OA-DECIDED-";

let oa: OaTestServer;
let app: AppProcess;
let api: APIRequestContext;
let key: string;
let dropDb: (() => Promise<void>) | undefined;
let pgliteDir: string | undefined;

test.describe.configure({ mode: "serial" });
test.setTimeout(300_000); // several phones signing in through the simulator; slow on a shared machine

test.beforeAll(async ({ browser }) => {
  test.setTimeout(480_000); // its own next start, migrations and the demo seed; slow on a shared machine
  oa = await startOaTestServer(SECRET, { decidedInOa: (_id, data) => String(data.approval_id ?? "").startsWith(DECIDED_IN_OA) });
  let dbEnv: Record<string, string>;
  if (process.env.DATABASE_URL) {
    const d = await createDatabase("qd_e2e_approvals");
    dropDb = d.drop;
    dbEnv = { DATABASE_URL: d.url };
  } else {
    pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-e2e-approvals-"));
    dbEnv = { DATABASE_URL: "", PGLITE_DIR: pgliteDir };
  }
  app = await startApp({ port: PORT, env: { ...dbEnv, OA_SINK: "http", OA_WEBHOOK_URL: oa.url, OA_WEBHOOK_SECRET: SECRET, CALLBACK_MAX_AGE_SECONDS: "300" } });
  api = await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url } });
  key = await createApprovalKey(browser, app.url);
});

test.afterAll(async () => {
  await api?.dispose();
  await app?.stop();
  await oa?.close();
  await dropDb?.();
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

async function phone(browser: Browser, employeeNo: string, locale: "zh-CN" | "en" = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    userAgent: UA.wecomMobile,
    locale,
    extraHTTPHeaders: { Origin: app.url },
  });
  const page = await context.newPage();
  await page.goto(`${app.url}/api/health`);
  await loginAs(page, { vendor: "wecom", employeeNo });
  if (locale === "en") await context.addCookies([{ name: "locale", value: "en", url: app.url }]);
  return page;
}

/** The item's row in the approver's 待办, once the inbox worker has written it (reloading until then). */
async function todoFor(page: Page, marker: string) {
  const row = page.getByTestId("todo-approval").filter({ hasText: `（${marker}）` });
  await expect(async () => {
    await page.goto(`${app.url}/todos`);
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  return row;
}

const deliveriesOf = (itemId: number) => oa.stats.deliveries.filter((d) => d.type === "approval_decision.upserted" && d.recordId === String(itemId));

test("an OA item pushed through the API is decided on the phone; the OA gets exactly one signed decision; others are refused", async ({ browser }) => {
  const { employee, manager, outsider } = demoPeople();
  const oaId = `PO-${Date.now()}`;
  const overdueId = `PO-LATE-${Date.now() + 7}`;
  const results = await pushItems(api, app.url, key, [
    purchaseItem(oaId, employee.employeeNo, [manager.employeeNo], { due_at: new Date(Date.now() + 2 * 86_400_000).toISOString() }),
    purchaseItem(overdueId, employee.employeeNo, [manager.employeeNo], { title: `报销申请：差旅费（${overdueId.slice(-6)}）`, due_at: new Date(Date.now() - 86_400_000).toISOString(), fields: [{ label: "金额", value: "¥3,460.00" }] }),
    purchaseItem(oaId, employee.employeeNo, [manager.employeeNo]), // the same id + version again
    { ...purchaseItem(`PO-X-${Date.now()}`, "NOBODY", [manager.employeeNo]) },
  ]);
  expect(results.map((r) => r.status)).toEqual(["accepted", "accepted", "duplicate", "unknown_employee"]);

  // The approver's 待办: the overdue item first, then the newer one.
  const boss = await phone(browser, manager.employeeNo);
  const row = await todoFor(boss, oaId.slice(-6));
  await expect(boss.getByTestId("todo-approval").first()).toContainText(overdueId.slice(-6));
  await expect(boss.getByTestId("todo-approval").first().getByTestId("todo-overdue")).toHaveText("已超时");
  await expect(row).toContainText(employee.name);
  await boss.screenshot({ path: shot("01-todos-list"), fullPage: true });

  await row.click();
  await expect(boss).toHaveURL(/\/todos\/approvals\/\d+$/);
  const itemId = Number(new URL(boss.url()).pathname.split("/").pop());
  await expect(boss.getByTestId("approval-status")).toHaveText("待处理");
  await expect(boss.getByTestId("approval-fields")).toContainText("¥12,800.00");
  await expect(boss.getByTestId("approval-attachments").getByRole("link", { name: "报价单.pdf" })).toHaveAttribute("href", "https://oa.example.com/files/quote-1.pdf");
  await expect(boss.getByTestId("approval-oa-link")).toHaveAttribute("href", `https://oa.example.com/approvals/${oaId}`);
  await expect(boss.getByTestId("approval-event").first()).toContainText(`${employee.name} 提交申请`);
  await expect(boss.getByTestId("approval-event").filter({ hasText: "查看" })).toContainText(manager.name); // the view is audited
  await boss.screenshot({ path: shot("02-item"), fullPage: true });

  // A non-approver is refused: the applicant sees the item but may not decide (403); someone else gets a 404.
  const applicant = await phone(browser, employee.employeeNo);
  await applicant.goto(`${app.url}/todos/approvals/${itemId}`);
  await expect(applicant.getByTestId("approval-not-approver")).toBeVisible();
  await expect(applicant.getByTestId("approval-decide")).toHaveCount(0);
  const self = await applicant.request.post(`${app.url}/api/approvals/${itemId}/decision`, { data: { outcome: "agree", comment: "" } });
  expect(self.status(), await self.text()).toBe(403);
  const other = await phone(browser, outsider.employeeNo);
  const seen = await other.goto(`${app.url}/todos/approvals/${itemId}`);
  expect(seen?.status()).toBe(404);
  await expect(other.getByTestId("approval-not-found")).toBeVisible();
  expect((await other.request.post(`${app.url}/api/approvals/${itemId}/decision`, { data: { outcome: "agree", comment: "" } })).status()).toBe(404);

  // Refusing needs a comment; agreeing does not. The approver agrees with one.
  await boss.getByTestId("decide-refuse").click();
  await expect(boss.getByTestId("approval-comment-required")).toHaveText("拒绝或退回时请填写审批意见");
  await boss.getByLabel("审批意见").fill("同意，按报价单采购");
  await boss.getByTestId("decide-agree").click();
  await expect(boss.getByTestId("approval-status")).toHaveText("已处理");
  await expect(boss.getByTestId("approval-decision")).toContainText(`${manager.name} 同意`);
  await expect(boss.getByTestId("approval-decision")).toContainText("来自 WeCom iOS");
  await expect(boss.getByTestId("approval-decide")).toHaveCount(0);
  // The write-back: delivered once, signed, and the item says the OA has it.
  await expect(async () => {
    await boss.reload();
    await expect(boss.getByTestId("approval-write-back")).toHaveAttribute("data-state", "accepted", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(boss.getByTestId("approval-write-back")).toHaveText("OA 已接收处理结果");
  await expect(boss.getByTestId("approval-event").last()).toContainText("写回 OA：已接收");
  await boss.screenshot({ path: shot("03-decided"), fullPage: true });

  const mine = deliveriesOf(itemId);
  expect(mine).toHaveLength(1);
  expect(mine[0].key).toBe(`approval_decision:${itemId}:v1`);
  expect(mine[0].signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(oa.stats.badSignature).toBe(0);
  expect(mine[0].data).toMatchObject({ approval_id: oaId, approval_version: 1, outcome: "agree", comment: "同意，按报价单采购", decider_employee_no: manager.employeeNo, client: "WeCom iOS" });

  // A second decision is refused with who was first; nothing more reaches the OA.
  const again = await boss.request.post(`${app.url}/api/approvals/${itemId}/decision`, { data: { outcome: "refuse", comment: "再想想" } });
  expect(again.status()).toBe(409);
  expect(((await again.json()) as { message: string }).message).toContain(`already decided by ${manager.name}`);

  // The pull feed shows the state and the decision (rows newer than complete_up_to, a few seconds, come next call).
  await expect(async () => {
    const feed = await api.get(`${app.url}/api/v1/approvals?limit=500`, { headers: { authorization: `Bearer ${key}` } });
    expect(feed.status()).toBe(200);
    const pulled = ((await feed.json()) as { data: { external_id: string; status: string; decision: { outcome: string; write_back: string } | null }[] }).data.find((x) => x.external_id === oaId);
    expect(pulled).toMatchObject({ status: "decided", decision: { outcome: "agree", write_back: "accepted" } });
  }).toPass({ timeout: 20_000 });
  expect(deliveriesOf(itemId)).toHaveLength(1);

  // The same page in English.
  const en = await phone(browser, manager.employeeNo, "en");
  await en.goto(`${app.url}/todos/approvals/${itemId}`);
  await expect(en.getByTestId("approval-write-back")).toHaveText("The OA received the decision");
  await en.screenshot({ path: shot("06-decided-en"), fullPage: true });
});

test("an item decided in the OA meanwhile ends as 已在 OA 中处理, with nothing written twice", async ({ browser }) => {
  const { employee, manager, hr } = demoPeople();
  const oaId = `${DECIDED_IN_OA}${Date.now()}`;
  // 或签: two approvers; both open the item, the first refuses, the second's 同意 is told it was decided.
  expect((await pushItems(api, app.url, key, [purchaseItem(oaId, employee.employeeNo, [manager.employeeNo, hr.employeeNo])]))[0].status).toBe("accepted");
  const first = await phone(browser, manager.employeeNo);
  await (await todoFor(first, oaId.slice(-6))).click();
  await first.waitForURL(/\/todos\/approvals\/\d+$/); // the click only starts the navigation
  const itemId = Number(new URL(first.url()).pathname.split("/").pop());
  const second = await phone(browser, hr.employeeNo);
  await second.goto(`${app.url}/todos/approvals/${itemId}`);
  await expect(second.getByTestId("approval-decide")).toBeVisible();

  await first.getByLabel("审批意见").fill("预算已冻结，下季度再申请");
  await first.getByTestId("decide-refuse").click();
  // Just after its own start the server is still pushing the demo seed's backlog to the OA: allow for a slow first POST.
  await expect(first.getByTestId("approval-decision")).toContainText(`${manager.name} 拒绝`, { timeout: 30_000 });

  await second.getByTestId("decide-agree").click();
  await expect(second.getByTestId("approval-decide-error")).toHaveText("这条审批已被处理，不能重复处理。");
  // Which refusal depends on whether the OA's answer to the first decision is back yet (decided here, or in the OA).
  await expect(second.getByTestId("approval-decide-error")).toHaveAttribute("data-code", /^(already_decided|decided_in_oa)$/);
  await second.screenshot({ path: shot("05-error-second-decision"), fullPage: true });
  // The message stays until they ask for the latest state: then the page shows who decided.
  await second.getByTestId("approval-refresh").click();
  await expect(second.getByTestId("approval-decision")).toContainText(`${manager.name} 拒绝`);
  await expect(second.getByTestId("approval-decide")).toHaveCount(0);

  // The OA had decided it in its own workflow: it answers 409 already_decided; the item says so and stays that way.
  await expect(async () => {
    await first.reload();
    await expect(first.getByTestId("approval-decided-in-oa")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(first.getByTestId("approval-status")).toHaveText("已在 OA 中处理");
  await expect(first.getByTestId("approval-write-back")).toHaveAttribute("data-state", "already_decided");
  await expect(first.getByTestId("approval-event").last()).toContainText("写回 OA：已在 OA 中处理");
  await first.screenshot({ path: shot("04-decided-in-oa"), fullPage: true });

  await new Promise((r) => setTimeout(r, 3_000)); // the dispatcher polls every second: nothing is resent
  const mine = deliveriesOf(itemId);
  expect(mine).toHaveLength(1);
  expect(oa.stats.applied.has(`approval_decision:${itemId}:v1`)).toBe(false);
  const after = await second.request.post(`${app.url}/api/approvals/${itemId}/decision`, { data: { outcome: "agree", comment: "" } });
  expect(after.status()).toBe(409);
  expect(((await after.json()) as { reason: string }).reason).toBe("decided_in_oa");
  await expect(async () => {
    const feed = await api.get(`${app.url}/api/v1/approvals?status=decided_in_oa`, { headers: { authorization: `Bearer ${key}` } });
    const pulled = ((await feed.json()) as { data: { external_id: string; decision: { outcome: string; write_back: string } }[] }).data.find((x) => x.external_id === oaId);
    expect(pulled?.decision).toMatchObject({ outcome: "refuse", write_back: "already_decided" });
  }).toPass({ timeout: 20_000 });
});
