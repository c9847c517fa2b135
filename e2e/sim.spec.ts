// The vendor simulator's pages, the JS-SDK endpoints and the 组织同步 console page, against the built app.
import { expect, test } from "@playwright/test";
import { SIM } from "../lib/vendors/config";
import { demoPeople, docShot, loginAs, UA } from "./fixtures";

// zh-CN first: the screenshots show the product's primary language.
test.use({ locale: "zh-CN" });

test.describe("simulated vendor login pages", () => {
  test("WeCom authorize lists the organisation, searches, and redirects with code + state", async ({ page, baseURL }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const redirect = `${baseURL}/api/health?from=sim`;
    const url = `/sim/wecom/connect/oauth2/authorize?appid=${SIM.wecom.corpId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=e2eState1&agentid=${SIM.wecom.agentId}#wechat_redirect`;
    await page.goto(url);
    await expect(page.getByTestId("sim-person").first()).toBeVisible();
    // everyone in the directory is listed (the demo company's ~200, not the first 60); a department name finds its people
    const listed = await page.getByTestId("sim-person").count();
    expect(listed).toBeGreaterThan(150);
    await expect(page.getByText(`显示 ${listed} / ${listed} 人`)).toBeVisible();
    await page.screenshot({ path: docShot("sim-wecom-authorize") });
    const hr = demoPeople().hr;
    await page.locator("form[role=search] input[name=q]").fill("人力资源部");
    await page.locator("form[role=search] button[type=submit]").click();
    await expect(page.locator(`[data-testid=sim-person][data-userid="${hr.wecomUserId}"]`)).toBeVisible();
    const rows = await page.getByTestId("sim-person").allInnerTexts();
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.filter((r) => !r.includes("人力资源部"))).toEqual([]);
    await page.locator("form[role=search] input[name=q]").fill(hr.name);
    await page.locator("form[role=search] button[type=submit]").click();
    await page.waitForURL(/q=/);
    // the search drops the fragment from the URL; re-add it as a real WeCom link would carry it
    // (through about:blank, so it is a full load as from a chat link, not a same-document fragment change)
    const searched = page.url().split("#")[0];
    await page.goto("about:blank");
    await page.goto(`${searched}#wechat_redirect`);
    const person = page.locator(`[data-testid=sim-person][data-userid="${hr.wecomUserId}"]`);
    await expect(person).toBeVisible();
    await person.click();
    await page.waitForURL((u) => u.pathname === "/api/health");
    const back = new URL(page.url());
    expect(back.searchParams.get("state")).toBe("e2eState1");
    expect(back.searchParams.get("from")).toBe("sim");
    expect(back.searchParams.get("code")?.length).toBeGreaterThan(20);
  });

  test("WeCom authorize without #wechat_redirect refuses; inside the client it is silent", async ({ page, context, baseURL }) => {
    const redirect = `${baseURL}/api/health`;
    const base = `/sim/wecom/connect/oauth2/authorize?appid=${SIM.wecom.corpId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=s2&agentid=${SIM.wecom.agentId}`;
    await page.goto(base);
    await expect(page.getByTestId("sim-missing-fragment")).toBeVisible();
    await page.goto(`/sim/wecom/connect/oauth2/authorize?appid=wrong&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base#wechat_redirect`);
    await expect(page.getByRole("alert").filter({ hasText: "appid" })).toBeVisible();

    const someone = demoPeople().employee;
    await context.addCookies([{ name: "qd_sim_wecom_user", value: encodeURIComponent(someone.wecomUserId), url: baseURL!, httpOnly: true }]);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.setUserAgentOverride", { userAgent: UA.wecomMobile });
    await page.goto(`${base}#wechat_redirect`);
    await page.waitForURL((u) => u.pathname === "/api/health" && u.searchParams.has("code"));
    expect(new URL(page.url()).searchParams.get("state")).toBe("s2");
  });

  test("DingTalk PC OAuth redirects with authCode and state", async ({ page, baseURL }) => {
    const redirect = `${baseURL}/api/health`;
    await page.goto(`/sim/dingtalk/login/oauth2/auth?client_id=${SIM.dingtalk.clientId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=openid&state=dd1&prompt=consent`);
    await page.getByTestId("sim-person").first().click();
    await page.waitForURL((u) => u.pathname === "/api/health");
    const back = new URL(page.url());
    expect(back.searchParams.get("authCode")).toBeTruthy();
    expect(back.searchParams.get("code")).toBeNull();
    expect(back.searchParams.get("state")).toBe("dd1");
  });
});

test.describe("simulator console", () => {
  test("injects and clears faults per endpoint", async ({ page, request }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await request.delete("/api/sim/faults");
    await page.goto("/sim");
    await expect(page.getByTestId("sim-console")).toBeVisible();
    const form = page.getByTestId("fault-form");
    await form.locator("select[name=vendor]").selectOption("dingtalk");
    await form.locator("input[name=api]").fill("/topapi/v2/user/list");
    await form.locator("select[name=kind]").selectOption("rate_limit");
    await form.locator("input[name=count]").fill("2");
    await form.getByRole("button").click();
    await expect(page.getByTestId("fault-list")).toContainText("/topapi/v2/user/list");
    const faults = await (await request.get("/api/sim/faults")).json();
    expect(faults.faults).toEqual([expect.objectContaining({ vendor: "dingtalk", api: "/topapi/v2/user/list", kind: "rate_limit", remaining: 2 })]);
    await page.screenshot({ path: docShot("sim-console"), fullPage: true });
    await request.delete("/api/sim/faults");
  });
});

test.describe("JS-SDK configuration endpoints", () => {
  test("sign own-origin URLs for a signed-in user; refuse foreign URLs and anonymous callers", async ({ page, baseURL }) => {
    const anon = await page.request.get(`/api/jssdk/wecom?url=${encodeURIComponent(`${baseURL}/`)}`);
    expect(anon.status()).toBe(401);
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().employee.employeeNo });
    const ok = await page.request.get(`/api/jssdk/wecom?url=${encodeURIComponent(`${baseURL}/checkin?m=1#x`)}`);
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body.url).toBe(`${baseURL}/checkin?m=1`);
    expect(body.config.signature).toMatch(/^[0-9a-f]{40}$/);
    const foreign = await page.request.get(`/api/jssdk/dingtalk?url=${encodeURIComponent("https://evil.example.com/")}`);
    expect(foreign.status()).toBe(400);
    // The simulated vendor accepts both signatures for that URL (what the client asks its servers on config);
    // the page-level flow through @wecom/jssdk is e2e/jssdk.spec.ts.
    const verify = (kind: string, c: { timestamp: string; nonceStr: string; signature: string }) =>
      page.request.post("/api/sim/wecom/sdk/verify", { data: { kind, url: `${baseURL}/checkin?m=1`, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature } }).then((r) => r.json());
    expect(await verify("config", body.config)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(await verify("agentConfig", body.agentConfig)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(await verify("agentConfig", body.config)).toEqual({ errcode: 40093, errmsg: "invalid signature" });
  });
});

test.describe("组织同步 console page", () => {
  test("HR runs a sync from the console; a second run with no vendor change reports zero changes", async ({ page }) => {
    test.setTimeout(150_000); // two full syncs
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().hr.employeeNo });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/console/org");
    await expect(page.getByTestId("org-sync")).toBeVisible();
    const runs = page.getByTestId("sync-run");
    // Earlier specs on this shared server may have edited people (departures, mobiles): the first run repairs
    // that drift; the second must then find nothing to change.
    for (let round = 0; round < 2; round++) {
      await page.goto("/console/org");
      await expect(page.getByTestId("org-sync")).toBeVisible();
      await page.waitForLoadState("networkidle"); // hydrated: the form posts through the server action
      const before = (await runs.count()) > 0 ? await runs.first().getAttribute("data-run-id") : null;
      await page.getByTestId("sync-now-wecom").click();
      await page.waitForURL(/done=queued/);
      await expect(async () => {
        await page.goto("/console/org");
        expect(await runs.first().getAttribute("data-run-id", { timeout: 1000 })).not.toBe(before);
        // "partial" when earlier specs left a real conflict (an account HR linked by hand): reported, not applied
        await expect(runs.first()).toHaveAttribute("data-status", /^(succeeded|partial)$/, { timeout: 1000 });
      }).toPass({ timeout: 60_000 });
    }
    const row = runs.first();
    await expect(row.locator("td").nth(3)).toHaveText("0");
    await expect(row.locator("td").nth(4)).toHaveText("0");
    await expect(row.locator("td").nth(5)).toHaveText("0");
    await page.screenshot({ path: docShot("console-org"), fullPage: true });
  });

  test("an employee cannot open it", async ({ page }) => {
    await loginAs(page, { vendor: "wecom", employeeNo: demoPeople().employee.employeeNo });
    const res = await page.goto("/console/org");
    // Sent back to the workbench with the reason (an error page would also lack the sync panel).
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/?notice=console_forbidden");
    await expect(page.getByRole("status")).toHaveText("管理后台仅对人事、管理员和部门负责人开放。");
    await expect(page.getByTestId("org-sync")).toHaveCount(0);
  });
});
