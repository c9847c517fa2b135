// Size budget of the workbench (issue 12): an employee inside WeCom opens each workbench page with a cold cache;
// the JavaScript the page loads (bytes on the wire, gzip from `next start`) may exceed a bare Next.js page's by at
// most 15 KB, and no workbench page may load the console's charts (Recharts) or validation schemas (zod). A check
// of the build's output (what the browser is sent), not a timing: it fails the day a change quietly grows a page.
// The vendor JS-SDK (@wecom/jssdk, dingtalk-jsapi) is the one exception: the pages that use device features (scan,
// check-in) import it after hydration, and only there; it is reported beside the page, not counted in its budget,
// and any other page that loads it fails.
import { expect, test } from "@playwright/test";
import { createApprovalKey, purchaseItem, pushItems } from "./approval-fixtures";
import { demoPeople, loginAs, UA } from "./fixtures";
import {
  BARE_NEXT_PAGE_JS_BYTES,
  FORBIDDEN_ON_WORKBENCH,
  OVER_BARE_BUDGET_BYTES,
  firstApprovalId,
  firstMeetingId,
  measurePageWeight,
  workbenchPages,
} from "./page-weight";

const BUDGET = BARE_NEXT_PAGE_JS_BYTES + OVER_BARE_BUDGET_BYTES;
/**
 * Ratchet for the pages still over the 15 KB target (issue 12 is open for them): each may not grow past what it
 * shipped when this was written plus 1 KB of noise. Lower a ceiling when a page gets lighter; delete it when the page
 * is within BUDGET. A page not listed here must be within BUDGET. History: 2026-12-05 meeting 161.3, attendance 164.0,
 * checkin 152.0, scan 151.6 KB; 2026-12-06 every page within BUDGET (organiser panels and the check-out flow split off
 * with React.lazy, the JS-SDK glue imported on use, messages parsed on the server, the 考勤 calendar rendered on the
 * server, the punch clock's button classes made on the server); 2026-12-08 scan over again once measured inside WeCom
 * (below). A page over BUDGET and not listed fails.
 */
const OVER_TARGET_CEILING: Record<string, number> = {
  // 2026-12-08: measured inside WeCom (the test had measured every page with the browser's own user agent), scan loads
  // the JS-SDK glue (lib/vendors/jssdk-client, both vendors' paths, 1.9 KB) with the SDK after hydration: 147.7 KB,
  // +15.8 KB over the bare page. Ceiling: that plus 1 KB.
  scan: Math.round(148.7 * 1024),
};
const VENDOR_SDKS = ["@wecom/jssdk", "dingtalk-jsapi"];
const DEVICE_PAGES = ["scan", "checkin"];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

test("every workbench page ships at most 15 KB (gzip) more JavaScript than a bare Next.js page (or, while over, no more than its ratchet ceiling), and never Recharts or zod", async ({ page, baseURL, browser, request }) => {
  test.setTimeout(180_000);
  await page.goto("/api/health");
  const { employee, manager } = demoPeople();
  // An OA approval todo for the employee to decide: its page (with the decision form) is measured too.
  const key = await createApprovalKey(browser, baseURL!);
  const oaId = `BUDGET-${Date.now()}`;
  expect((await pushItems(request, baseURL!, key, [purchaseItem(oaId, manager.employeeNo, [employee.employeeNo])]))[0].status).toBe("accepted");
  await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
  const meetingId = await firstMeetingId(page, baseURL!);
  expect(meetingId, "the demo organisation gives the employee a meeting to open").not.toBeNull();
  const approvalId = await firstApprovalId(page, baseURL!, oaId);

  // Measured inside WeCom: a page a test opens in a context has the browser's own user agent (loginAs sets WeCom's on
  // its page only), and a device page loads its JS-SDK and the glue around it only inside the client.
  const wecom = await browser.newContext({ userAgent: UA.wecomMobile, viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() });
  const rows: string[] = [];
  const failures: string[] = [];
  const overTarget: string[] = [];
  for (const pg of workbenchPages(meetingId, approvalId)) {
    const w = await measurePageWeight(wecom, `${baseURL}${pg.path}`);
    const sdk = w.scripts.filter((s) => s.libraries.some((l) => VENDOR_SDKS.includes(l)));
    const sdkBytes = sdk.reduce((n, s) => n + s.gzipBytes, 0);
    const own = w.jsGzipBytes - sdkBytes;
    const over = own - BARE_NEXT_PAGE_JS_BYTES;
    rows.push(`${pg.name.padEnd(11)} ${kb(own).padStart(9)}  ${over >= 0 ? "+" : ""}${kb(over)} over bare  [${w.libraries.join(", ")}]${sdkBytes ? `  + vendor JS-SDK ${kb(sdkBytes)}` : ""}`);
    if (sdkBytes && !DEVICE_PAGES.includes(pg.name)) failures.push(`${pg.path} loads a vendor JS-SDK but uses no device feature`);
    const limit = Math.max(BUDGET, OVER_TARGET_CEILING[pg.name] ?? 0);
    if (own > BUDGET) overTarget.push(`${pg.name} ${kb(own - BUDGET)} over the target`);
    if (own > limit) {
      const top = w.scripts.slice(0, 6).map((s) => `${kb(s.gzipBytes)} ${new URL(s.url).pathname}${s.libraries.length ? ` (${s.libraries.join(", ")})` : ""}`);
      failures.push(`${pg.path}: ${kb(own)} > ${limit === BUDGET ? "budget" : "ratchet ceiling"} ${kb(limit)}; largest: ${top.join("; ")}`);
    }
    const forbidden = w.libraries.filter((l) => FORBIDDEN_ON_WORKBENCH.includes(l));
    if (forbidden.length) failures.push(`${pg.path} loads ${forbidden.join(" and ")}`);
  }
  await wecom.close();
  console.log(`workbench JS (gzip, cold cache, inside WeCom); bare Next.js page ${kb(BARE_NEXT_PAGE_JS_BYTES)}, budget ${kb(BUDGET)}\n${rows.join("\n")}${overTarget.length ? `\nstill over the 15 KB target (ratchet): ${overTarget.join("; ")}` : ""}`);
  expect(failures, failures.join("\n")).toEqual([]);
});
