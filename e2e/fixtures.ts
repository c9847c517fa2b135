// Shared e2e helpers. `loginAs` drives the real sign-in flow against the built-in vendor simulator:
// - ua "mobile" (default): opens the app inside a simulated WeCom/DingTalk client (user agent + the simulator's
//   "who is signed in to the client" cookie), so the login page signs in silently with no click;
// - ua "pc": a desktop browser clicks the QR/OAuth login and picks the person on the simulator's page.
// The person is a demo-organisation employee (db/demo-org.ts), chosen by employeeNo or name (default: QD00002).
import fs from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { buildDemoOrg, type DemoEmployee } from "../db/demo-org";

export const UA = {
  wecomMobile:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.0 MicroMessenger/7.0.1 Language/zh ColorScheme/Light",
  dingtalkMobile:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36000000 Channel/201200 language/zh-Hans-CN UT4Aplus/0.0.6 WK",
  desktop:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
} as const;

const demo = buildDemoOrg();

/** A demo employee by employee number or exact name. */
export function demoEmployee(q: { employeeNo?: string; name?: string } = {}): DemoEmployee {
  const e = q.employeeNo
    ? demo.employees.find((x) => x.employeeNo === q.employeeNo)
    : q.name
      ? demo.employees.find((x) => x.name === q.name)
      : demo.employees.find((x) => x.employeeNo === "QD00002");
  if (!e) throw new Error(`no demo employee ${JSON.stringify(q)}`);
  return e;
}

/** Demo employees matching a filter, in the organisation's order. */
export function demoEmployees(filter: (e: DemoEmployee) => boolean): DemoEmployee[] {
  return demo.employees.filter(filter);
}

/** Demo people by role, for specs: a plain employee, a manager (and one of another department), HR, admin. */
export function demoPeople() {
  const org = demo;
  const leaders = org.employees.filter((e) => e.isLeader && e.departmentCode !== "D000" && e.role === "employee");
  const manager = leaders.find((e) => e.departmentCode === "D110")!; // leads 平台研发部 (+ subgroups)
  const otherManager = leaders.find((e) => e.departmentCode === "D311")!; // leads 上海销售一组
  const employee = org.employees.find((e) => !e.isLeader && e.role === "employee" && e.departmentCode.startsWith("D11"))!;
  const outsider = org.employees.find((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D311")!;
  const hr = org.employees.find((e) => e.role === "hr" && !e.isLeader)!;
  const admin = org.employees.find((e) => e.role === "admin")!;
  return { manager, otherManager, employee, outsider, hr, admin, all: org.employees, departments: org.departments };
}

export type LoginOptions = { vendor: "wecom" | "dingtalk"; employeeNo?: string; name?: string; ua?: "mobile" | "pc" };

const SIM_USER_COOKIE = { wecom: "qd_sim_wecom_user", dingtalk: "qd_sim_dingtalk_user" } as const;

async function setClientUser(context: BrowserContext, baseURL: string, vendor: "wecom" | "dingtalk", userid: string) {
  await context.addCookies([{ name: SIM_USER_COOKIE[vendor], value: encodeURIComponent(userid), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** Change the page's user agent (header and navigator.userAgent); Chromium only, through CDP. */
export async function setUserAgent(page: Page, userAgent: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.setUserAgentOverride", { userAgent });
}

/**
 * Sign in through the simulator. Leaves the page on the app (not /login). Returns the demo employee.
 * Sets the page's user agent (the login page detects WeCom/DingTalk from it).
 */
export async function loginAs(page: Page, opts: LoginOptions): Promise<DemoEmployee> {
  const person = demoEmployee(opts);
  const baseURL = new URL(page.url().startsWith("http") ? page.url() : (process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_PORT ?? 3210}`)).origin;
  const userid = opts.vendor === "wecom" ? person.wecomUserId : person.dingtalkUserId;
  const ua = opts.ua ?? "mobile";
  await page.context().clearCookies();

  if (ua === "mobile") {
    await setUserAgent(page, opts.vendor === "wecom" ? UA.wecomMobile : UA.dingtalkMobile);
    await setClientUser(page.context(), baseURL, opts.vendor, userid);
    await page.goto(`${baseURL}/login`);
  } else {
    await setUserAgent(page, UA.desktop);
    await page.goto(`${baseURL}/login`);
    await page.getByTestId(opts.vendor === "wecom" ? "login-wecom-qr" : "login-dingtalk-oauth").click();
    await page.waitForURL((u) => u.pathname.startsWith("/sim/"));
    // The simulator's QR/OAuth page: pick the person (what scanning with that person's phone does).
    const here = new URL(page.url());
    const grant = new URL(`${baseURL}/api/sim/${opts.vendor}/oauth-grant`);
    grant.searchParams.set("userid", userid);
    grant.searchParams.set("redirect_uri", here.searchParams.get("redirect_uri") ?? "");
    grant.searchParams.set("state", here.searchParams.get("state") ?? "");
    grant.searchParams.set("flow", opts.vendor === "wecom" ? "sso" : "pc");
    await page.goto(grant.toString());
  }
  await page.waitForURL((u) => !u.pathname.startsWith("/login") && !u.pathname.startsWith("/sim/") && !u.pathname.startsWith("/api/"), {
    timeout: 30_000,
  });
  const session = await page.request.get(`${baseURL}/api/auth/session`);
  const body = (await session.json()) as { employeeId?: number } | null;
  expect(body?.employeeId, `signed in as ${person.employeeNo}`).toBeTruthy();
  return person;
}

/** Sign out: drop every cookie (session and simulated client). */
export async function logout(page: Page): Promise<void> {
  await page.context().clearCookies();
}

/**
 * Where a screenshot used by the README goes: `docs/` only when `DOCS_SCREENSHOTS=1` (`npm run docs:screenshots`),
 * otherwise test-results/docs/, so that `npm test` never rewrites tracked files.
 */
export const docShot = (name: string) => (process.env.DOCS_SCREENSHOTS === "1" ? `docs/${name}.png` : `test-results/docs/${name}.png`);

/** A server action's id in the current build (<file>#<exportedName>), to call it as Next's client does. */
export function serverActionId(action: string): string {
  const file = path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const hit = Object.entries(manifest.node).find(([, v]) => `${v.filename}#${v.exportedName}` === action);
  if (!hit) throw new Error(`${action} is not in the build's server-reference manifest (stale build?)`);
  return hit[0];
}
