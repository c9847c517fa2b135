// e2e helpers for OA approval todos: an API key made the way an admin makes one (控制台 → API 密钥), and items
// pushed through POST /api/v1/approval-items as the OA does.
import { expect, type Browser, type APIRequestContext } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

export const APPROVAL_SCOPE_LABELS = { write: "OA 审批待办推送（写入）", read: "审批事项与处理结果（只读）" } as const;

/** A new API key with `scopes` (their labels on the form), created by the demo admin in the console of the app at `baseURL`. */
export async function createApiKey(browser: Browser, baseURL: string, name: string, scopes: string[]): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", extraHTTPHeaders: { Origin: baseURL } });
  try {
    const page = await context.newPage();
    await page.goto(`${baseURL}/api/health`);
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().admin.employeeNo, ua: "pc" });
    await page.goto(`${baseURL}/console/api-keys`);
    await page.getByLabel("名称").fill(`${name} ${Date.now()}`);
    for (const scope of scopes) await page.getByRole("checkbox", { name: scope }).check();
    await page.getByTestId("create-key").click();
    const key = (await page.getByTestId("new-key-value").textContent())!.trim();
    expect(key).toMatch(/^qd_[A-Za-z0-9]{40}$/);
    return key;
  } finally {
    await context.close();
  }
}

/** A new API key with both approval scopes. */
export function createApprovalKey(browser: Browser, baseURL: string): Promise<string> {
  return createApiKey(browser, baseURL, "OA 审批推送", [APPROVAL_SCOPE_LABELS.write, APPROVAL_SCOPE_LABELS.read]);
}

export interface PushedItem {
  id: string;
  version: number;
  title: string;
  applicant_employee_no: string;
  approver_employee_nos: string[];
  fields: { label: string; value: string }[];
  attachments?: { name: string; url: string }[];
  link: string;
  due_at?: string;
  status?: "open" | "cancelled";
}

/** A purchase request from the OA, `applicant` asking `approvers`. */
export function purchaseItem(id: string, applicant: string, approvers: string[], extra: Partial<PushedItem> = {}): PushedItem {
  return {
    id,
    version: 1,
    title: `采购申请：研发部显示器 4 台（${id.slice(-6)}）`,
    applicant_employee_no: applicant,
    approver_employee_nos: approvers,
    fields: [
      { label: "申请类型", value: "采购" },
      { label: "金额", value: "¥12,800.00" },
      { label: "事由", value: "新入职工程师 4 人，每人一台 27 英寸显示器" },
      { label: "供应商", value: "京东企业购" },
    ],
    attachments: [{ name: "报价单.pdf", url: "https://oa.example.com/files/quote-1.pdf" }],
    link: `https://oa.example.com/approvals/${id}`,
    ...extra,
  };
}

export async function pushItems(request: APIRequestContext, baseURL: string, key: string, items: PushedItem[]) {
  const r = await request.post(`${baseURL}/api/v1/approval-items`, { headers: { authorization: `Bearer ${key}` }, data: { items } });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { results: { id: string; version: number; status: string; reason?: string }[] }).results;
}
