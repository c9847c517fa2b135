// Sign-in four ways against the simulator, and every refusal with its own message, no session, no new employee.
// Tests that must change our own database (a departed employee, a mobile shared by two employees) need
// DATABASE_URL (PostgreSQL, as in CI's e2e run); on the embedded PGlite they are skipped with a reason.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { pgUrl, sql } from "./db";
import { demoEmployee, demoPeople, loginAs, setUserAgent, UA } from "./fixtures";

const rand = () => randomBytes(4).toString("hex");

async function simOrg(request: APIRequestContext, body: unknown) {
  const r = await request.post("/api/sim/org", { data: body });
  expect(r.status(), await r.text()).toBe(200);
}

async function sessionOf(page: Page): Promise<{ employeeId?: number } | null> {
  return (await (await page.request.get("/api/auth/session")).json()) as { employeeId?: number } | null;
}

/** Employee rows as HR sees them (every status): proves no employee is ever created by a sign-in. */
async function employeeCount(browser: Browser): Promise<number> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/api/health");
  await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo });
  await page.goto("/console/people?status=all");
  const text = (await page.getByTestId("people-total").textContent()) ?? "";
  await ctx.close();
  return Number(text.replace(/[^0-9]/g, ""));
}

/** The internal id of an employee number, as HR resolves it (GET /api/meetings/people?no=). */
async function employeeIdOf(browser: Browser, employeeNo: string): Promise<number> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/api/health");
  await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo });
  const r = await page.request.get(`/api/meetings/people?no=${encodeURIComponent(employeeNo)}`);
  expect(r.status(), await r.text()).toBe(200);
  const { id } = (await r.json()) as { id: number };
  await ctx.close();
  return id;
}

/** Start a flow with a desktop browser and stop at the vendor's redirect back to us: [callback URL, state]. */
async function codeRedirect(page: Page, vendor: "wecom" | "dingtalk", userid: string, stateOverride?: string): Promise<string> {
  const start = await page.request.get(vendor === "wecom" ? "/api/auth/wecom/start?flow=qr" : "/api/auth/dingtalk/start", { maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const authorize = new URL(start.headers()["location"]);
  const grant = new URL(`/api/sim/${vendor}/oauth-grant`, authorize.origin);
  grant.searchParams.set("userid", userid);
  grant.searchParams.set("redirect_uri", authorize.searchParams.get("redirect_uri")!);
  grant.searchParams.set("state", stateOverride ?? authorize.searchParams.get("state")!);
  grant.searchParams.set("flow", vendor === "wecom" ? "sso" : "pc");
  const g = await page.request.get(grant.toString(), { maxRedirects: 0 });
  expect(g.status()).toBe(302);
  return g.headers()["location"];
}

async function expectRefused(page: Page, reason: string) {
  await expect(page.getByTestId("login-refused")).toHaveAttribute("data-reason", reason);
  await expect(page.getByTestId("refusal-reference")).toHaveText(/^QD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect((await sessionOf(page))?.employeeId).toBeUndefined();
}

test.describe("silent sign-in inside the clients", () => {
  test("WeCom user agent: opening the app signs in with no click; home shows name and department", async ({ page, browser }) => {
    const p = demoPeople().employee;
    await page.goto("/api/health");
    await setUserAgent(page, UA.wecomMobile);
    await page.context().addCookies([{ name: "qd_sim_wecom_user", value: p.wecomUserId, url: new URL(page.url()).origin }]);
    await page.goto("/");
    await expect(page.getByTestId("viewer-name")).toContainText(p.name);
    const dept = demoPeople().departments.find((d) => d.code === p.departmentCode)!;
    await expect(page.getByTestId("viewer-department")).toHaveText(dept.name);
    expect(new URL(page.url()).pathname).toBe("/");
    expect((await sessionOf(page))?.employeeId).toBe(await employeeIdOf(browser, p.employeeNo));
    const cookie = (await page.context().cookies()).find((c) => c.name.includes("authjs.session-token"))!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
  });

  test("DingTalk user agent: the authCode flow signs in with no click", async ({ page }) => {
    const p = demoPeople().manager;
    await page.goto("/api/health");
    await setUserAgent(page, UA.dingtalkMobile);
    await page.context().addCookies([{ name: "qd_sim_dingtalk_user", value: p.dingtalkUserId, url: new URL(page.url()).origin }]);
    await page.goto("/attendance");
    await page.waitForURL((u) => u.pathname === "/attendance");
    await page.goto("/");
    await expect(page.getByTestId("viewer-name")).toContainText(p.name);
    const dept = demoPeople().departments.find((d) => d.code === p.departmentCode)!;
    await expect(page.getByTestId("viewer-department")).toHaveText(dept.name);
  });
});

test.describe("PC browser", () => {
  test("offers both logins, and both work", async ({ page }) => {
    await page.goto("/api/health");
    await setUserAgent(page, UA.desktop);
    await page.goto("/login");
    await expect(page.getByTestId("login-wecom-qr")).toBeVisible();
    await expect(page.getByTestId("login-dingtalk-oauth")).toBeVisible();
    await page.screenshot({ path: "test-results/login-pc.png" });
    const a = await loginAs(page, { vendor: "wecom", employeeNo: "QD00007", ua: "pc" });
    await expect(page.getByTestId("viewer-name")).toContainText(a.name);
    const b = await loginAs(page, { vendor: "dingtalk", employeeNo: "QD00008", ua: "pc" });
    await expect(page.getByTestId("viewer-name")).toContainText(b.name);
  });
});

test("sign out ends the session", async ({ page }) => {
  await page.goto("/api/health");
  await loginAs(page, { vendor: "dingtalk", employeeNo: "QD00006", ua: "pc" });
  await page.goto("/api/auth/signout");
  await expect(page).toHaveURL(/\/login\/signout/);
  await page.getByTestId("signout").getByRole("button").click();
  await expect(page).toHaveURL(/done=1/);
  expect((await sessionOf(page))?.employeeId).toBeUndefined();
});

test.describe("refusals: each its own message, no session, no new employee", () => {
  test("tampered state", async ({ page }) => {
    await page.goto("/api/health");
    const cb = await codeRedirect(page, "wecom", demoEmployee({ employeeNo: "QD00009" }).wecomUserId, `Tampered${rand()}`);
    await page.goto(cb);
    await expectRefused(page, "state_mismatch");
  });

  test("reused code", async ({ page, browser }) => {
    await page.goto("/api/health");
    const p = demoEmployee({ employeeNo: "QD00010" });
    const cb = await codeRedirect(page, "wecom", p.wecomUserId);
    await page.goto(cb); // first use signs in
    expect((await sessionOf(page))?.employeeId).toBe(await employeeIdOf(browser, "QD00010"));
    await page.context().clearCookies();
    // Replay the same code with a fresh, valid state of our own: the code alone is what is refused.
    const fresh = new URL(await codeRedirect(page, "wecom", p.wecomUserId));
    const replay = new URL(cb);
    replay.searchParams.set("state", fresh.searchParams.get("state")!);
    await page.goto(replay.toString());
    await expectRefused(page, "code_reused");
  });

  test("expired code (simulator clock moves past the 5-minute lifetime)", async ({ page }) => {
    await page.goto("/api/health");
    const cb = await codeRedirect(page, "dingtalk", demoEmployee({ employeeNo: "QD00011" }).dingtalkUserId);
    await simOrg(page.request, { op: "advance_clock", seconds: 301 });
    try {
      await page.goto(cb);
      await expectRefused(page, "code_invalid");
      await expect(page.getByTestId("refusal-title")).toContainText(/expired|过期/);
    } finally {
      // Later specs (meetings.spec's video check-in times) read the vendor's clock: put it back.
      await simOrg(page.request, { op: "reset_clock" });
    }
  });

  test("unknown vendor user: refused, queued for HR, who links it; no employee row created", async ({ page, browser }) => {
    const before = await employeeCount(browser);
    const userid = `e2e-unknown-${rand()}`;
    await page.goto("/api/health");
    await simOrg(page.request, {
      op: "add_user",
      vendor: "wecom",
      user: { userid, name: "访客甲", mobile: `199${String(Date.now()).slice(-8)}`, email: `${userid}@elsewhere.example`, jobNumber: "", departments: [1] },
    });
    await page.goto(await codeRedirect(page, "wecom", userid));
    await expectRefused(page, "unknown_user");
    const reference = (await page.getByTestId("refusal-reference").textContent())!;
    expect(await employeeCount(browser)).toBe(before);

    // HR sees the evidence and links the account by employee number.
    const hrCtx = await browser.newContext();
    const hr = await hrCtx.newPage();
    await hr.goto("/api/health");
    await loginAs(hr, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo, ua: "pc" });
    await hr.goto(`/console/identity?ref=${reference}`); // the reference the refused person quotes
    await expect(hr.getByTestId("attempt")).toContainText(userid);
    const card = hr.locator(`[data-testid=conflict][data-external-id="${userid}"]`);
    await expect(card).toContainText("访客甲");
    await hr.screenshot({ path: "test-results/identity-queue.png", fullPage: true });
    await card.getByRole("textbox").fill("QD00012");
    await card.getByRole("button", { name: /工号|employee no/i }).click();
    await expect(hr.getByRole("status")).toBeVisible();
    await hrCtx.close();

    await page.context().clearCookies();
    await page.goto(await codeRedirect(page, "wecom", userid));
    expect((await sessionOf(page))?.employeeId).toBe(await employeeIdOf(browser, "QD00012"));
    await expect(page.getByTestId("viewer-name")).toContainText(demoEmployee({ employeeNo: "QD00012" }).name);
  });

  test("departed employee: refused, and an existing session stops working within 60 s", async ({ page }) => {
    test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to mark an employee departed in our own database");
    const p = demoEmployee({ employeeNo: "QD00013" });
    await page.goto("/api/health");
    await loginAs(page, { vendor: "wecom", employeeNo: p.employeeNo });
    await sql("update employees set status = 'departed', departed_at = now() where employee_no = $1", [p.employeeNo]);
    try {
      const t0 = Date.now();
      // The very next read of the session sees the departure (every read re-checks the employee) and clears it.
      expect((await sessionOf(page))?.employeeId).toBeUndefined();
      expect((await page.context().cookies()).some((c) => c.name.includes("authjs.session-token"))).toBe(false);
      await page.goto("/");
      await expectRefused(page, "departed"); // the session no longer maps to a viewer; silent re-login is refused
      expect(Date.now() - t0).toBeLessThan(60_000);
    } finally {
      await sql("update employees set status = 'active', departed_at = null where employee_no = $1", [p.employeeNo]);
    }
  });

  test("mobile shared by two employees: refused as ambiguous and queued for HR with both candidates", async ({ page, browser }) => {
    test.skip(!pgUrl, "needs DATABASE_URL (PostgreSQL) to give two employees the same mobile in our own database");
    const mobile = `166${String(Date.now()).slice(-8)}`;
    const [a, b] = [demoEmployee({ employeeNo: "QD00020" }), demoEmployee({ employeeNo: "QD00021" })];
    const saved = await sql<{ employee_no: string; mobile: string }>("select employee_no, mobile from employees where employee_no in ($1, $2)", [a.employeeNo, b.employeeNo]);
    await sql("update employees set mobile = $1 where employee_no in ($2, $3)", [mobile, a.employeeNo, b.employeeNo]);
    try {
      const before = await employeeCount(browser);
      const userid = `e2e-shared-${rand()}`;
      await page.goto("/api/health");
      await simOrg(page.request, { op: "add_user", vendor: "dingtalk", user: { userid, unionid: `u${rand()}`, name: "共用手机号", mobile, email: "", jobNumber: "", departments: [1] } });
      await page.goto(await codeRedirect(page, "dingtalk", userid));
      await expectRefused(page, "ambiguous");
      expect(await employeeCount(browser)).toBe(before);
      const [c] = await sql<{ reason: string; candidate_employee_ids: number[] }>("select reason, candidate_employee_ids from identity_conflicts where external_id = $1", [userid]);
      expect(c.reason).toBe("ambiguous");
      expect(c.candidate_employee_ids).toHaveLength(2);
    } finally {
      for (const s of saved) await sql("update employees set mobile = $1 where employee_no = $2", [s.mobile, s.employee_no]);
    }
  });
});
