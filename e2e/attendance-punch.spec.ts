// The employee's punch clock inside WeCom: signed in through the simulator, the 考勤 tab loads @wecom/jssdk on the
// tap, registers with /api/jssdk/wecom signatures and asks the client for a GCJ-02 fix; the test stands in only
// for the client's native bridge (WeixinJSBridge), as e2e/jssdk.spec.ts does. Inside 总部 A 座 → the punch and
// its place right away; 1.2 km away → refused with the distance; the month calendar opens the day.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PLACES } from "../db/demo-attendance";
import { demoEmployees, demoPeople, loginAs, UA } from "./fixtures";
import { measurePageWeight } from "./page-weight";

const PHONE = { width: 390, height: 844 };
/** A GCJ-02 point `meters` north of a place. */
const north = (p: { lat: number; lng: number }, meters: number) => ({ latitude: p.lat + meters / 111_194.93, longitude: p.lng });

type BridgeCall = { name: string; params: Record<string, unknown>; answer?: Record<string, unknown> };

/** WeCom's native bridge as the iOS client exposes it to @wecom/jssdk (config verified by the simulated vendor). */
function wecomBridge() {
  const w = window as unknown as Record<string, unknown>;
  const calls: BridgeCall[] = [];
  w.__bridgeCalls = calls;
  let configured = false;
  w.WeixinJSBridge = {
    on() {},
    invoke(name: string, params: Record<string, unknown>, cb: (r: Record<string, unknown>) => void) {
      const call: BridgeCall = { name, params: JSON.parse(JSON.stringify(params)) };
      calls.push(call);
      const answer = (r: Record<string, unknown>) => ((call.answer = { ...r }), cb(r));
      if (name === "preVerifyJSAPI" || name === "agentConfig") {
        const p = name === "agentConfig" ? [params.timestamp, params.nonceStr, params.signature] : [params.verifyTimestamp, params.verifyNonceStr, params.verifySignature];
        void fetch("/api/sim/wecom/sdk/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ kind: name === "agentConfig" ? "agentConfig" : "config", url: location.href.split("#")[0], timestamp: p[0], nonceStr: p[1], signature: p[2] }),
        })
          .then((r) => r.json() as Promise<{ errcode: number }>)
          .then((r) => {
            if (r.errcode === 0 && name === "agentConfig") configured = true;
            answer({ err_msg: r.errcode === 0 ? `${name}:ok` : `${name}:invalid signature` });
          });
        return;
      }
      if (!configured) return answer({ err_msg: `${name}:permission denied` });
      if (name === "geoLocation") {
        if (w.__denyLocation) return answer({ err_msg: "geoLocation:auth denied" });
        const fix = w.__fix as { latitude: number; longitude: number };
        return answer({ err_msg: "geoLocation:ok", latitude: fix.latitude, longitude: fix.longitude, accuracy: 20, speed: 0 });
      }
      answer({ err_msg: `${name}:function not exist` });
    },
  };
}

async function phone(browser: Browser, locale: "zh-CN" | "en", employeeNo = demoPeople().employee.employeeNo) {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: UA.wecomMobile, locale });
  await ctx.addInitScript(wecomBridge);
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo });
  if (locale === "en") await ctx.addCookies([{ name: "locale", value: "en", url: page.url() }]);
  return page;
}

const setFix = (page: Page, fix: { latitude: number; longitude: number } | "denied") =>
  page.evaluate((f) => {
    const w = window as unknown as Record<string, unknown>;
    if (f === "denied") w.__denyLocation = true;
    else {
      w.__denyLocation = false;
      w.__fix = f;
    }
  }, fix);

const bridgeCalls = (page: Page) => page.evaluate(() => (window as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls);

for (const locale of ["zh-CN", "en"] as const) {
  test(`punch clock inside WeCom (${locale}): refused outside with the distance, punched inside 总部 A 座, the day opens`, async ({ browser }) => {
    const page = await phone(browser, locale);
    await page.goto("/attendance");
    await expect(page.getByTestId("punch-today")).toBeVisible();
    await expect(page.getByTestId("punch-button")).toBeEnabled();
    // The vendor SDK is not loaded until the tap.
    expect(await bridgeCalls(page)).toEqual([]);
    await page.screenshot({ path: `test-results/attendance-punch-${locale}-idle.png`, fullPage: true });

    // 1.2 km north of 总部 A 座: refused, with the distance to the nearest place.
    await setFix(page, north(DEMO_PLACES.hqA, 1200));
    await page.getByTestId("punch-button").click();
    const refused = page.getByTestId("punch-refused");
    await expect(refused).toHaveAttribute("data-code", "punch_outside_fence");
    await expect(refused).toContainText(locale === "en" ? "1.2 km from 总部 A 座" : "距离 总部 A 座 1.2 公里，不在打卡范围内");
    const geo = (await bridgeCalls(page)).filter((c) => c.name === "geoLocation");
    expect(geo).toHaveLength(1);
    expect(geo[0].params.type).toBe("gcj02");
    await page.screenshot({ path: `test-results/attendance-punch-${locale}-refused.png` });

    // Location permission denied: refused with the reason.
    await setFix(page, "denied");
    await page.getByTestId("punch-button").click();
    await expect(refused).toHaveAttribute("data-code", "punch_location_unavailable");
    await expect(refused).toContainText(locale === "en" ? "permission denied" : "未获得定位权限");

    // 35 m from 总部 A 座: punched, where I was, and today's line updates without a reload.
    await setFix(page, north(DEMO_PLACES.hqA, 35));
    await page.getByTestId("punch-button").click();
    await expect(page.getByTestId("punch-result")).toHaveAttribute("data-via", "place");
    await expect(page.getByTestId("punch-where")).toContainText(locale === "en" ? "Inside 总部 A 座 · 35 m" : "在 总部 A 座 范围内 · 35 米");
    await expect(page.getByTestId("today-explanation")).not.toContainText(locale === "en" ? "No punches yet" : "还没有打卡记录");
    await page.screenshot({ path: `test-results/attendance-punch-${locale}-punched.png`, fullPage: true });

    // The month calendar: today's cell opens the day with the punch, its source and place.
    const date = await page.getByTestId("punch-today").getAttribute("data-date");
    await page.locator(`[data-testid="calendar-day"][data-date="${date}"]`).click();
    const sheet = page.locator(`[data-testid="day-sheet"][data-date="${date}"]`);
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId("day-punches")).toContainText(locale === "en" ? "Phone · 总部 A 座" : "手机打卡 · 总部 A 座");
    await expect(sheet.getByTestId("day-rule")).not.toBeEmpty();
    await page.screenshot({ path: `test-results/attendance-punch-${locale}-day.png` });
    await page.context().close();
  });
}

test("an abnormal day offers 申请补卡, which opens the 补卡 form on that date; a retry of the same tap does not punch twice", async ({ browser }) => {
  let page = await phone(browser, "zh-CN");
  const id = `e2e-${Date.now().toString(36)}`;
  const body = { clientId: id, lat: DEMO_PLACES.hqB.lat, lng: DEMO_PLACES.hqB.lng, coord: "gcj02" };
  const first = await page.request.post("/api/attendance/punch", { data: body });
  expect(first.status(), await first.text()).toBe(201);
  const again = await page.request.post("/api/attendance/punch", { data: body });
  expect(again.status()).toBe(200);
  expect((await again.json()).punch.id).toBe((await first.json()).punch.id);
  const outside = await page.request.post("/api/attendance/punch", { data: { ...body, clientId: `${id}-x`, lat: DEMO_PLACES.hqA.lat + 0.1 } });
  expect(outside.status()).toBe(422);
  expect(await outside.json()).toMatchObject({ error: "punch_outside_fence", placeName: expect.any(String), distanceMeters: expect.any(Number) });

  await page.context().close();

  // The 补卡 entry needs a day that went wrong. The demo punches are generated relative to today, so one person's
  // current month may have none (early in a month, or a punctual person): look through this month and the last for
  // a few people of the same department until one has such a day — the demo data holds two months of them.
  const ABNORMAL = '[data-testid="calendar-day"]:is([data-tone="absent"], [data-tone="late"], [data-tone="none"])';
  const candidates = [demoPeople().employee, ...demoEmployees((e) => !e.isLeader && e.role === "employee" && e.departmentCode.startsWith("D11"))];
  let found: Page | undefined;
  for (const person of candidates.filter((p, i, all) => all.findIndex((q) => q.employeeNo === p.employeeNo) === i).slice(0, 4)) {
    const candidate = await phone(browser, "zh-CN", person.employeeNo);
    for (const month of [null, "prev"] as const) {
      if (month === "prev") await candidate.goto((await candidate.getByTestId("month-nav").getByRole("link").first().getAttribute("href"))!);
      else await candidate.goto("/attendance");
      await expect(candidate.getByTestId("month-calendar")).toBeVisible();
      if ((await candidate.locator(ABNORMAL).count()) > 0) {
        found = candidate;
        break;
      }
    }
    if (found) break;
    await candidate.context().close();
  }
  expect(found, "someone in 平台研发部 has a late, absent or unpunched workday in the last two months of demo data").toBeDefined();
  page = found!;
  const abnormal = page.locator(ABNORMAL).first();
  const date = await abnormal.getAttribute("data-date");
  await abnormal.click();
  const sheet = page.locator(`[data-testid="day-sheet"][data-date="${date}"]`);
  await expect(sheet).toBeVisible();
  const entry = sheet.getByTestId("correction-entry");
  await expect(entry).toContainText("审批通过后当天考勤自动重算");
  await page.screenshot({ path: "test-results/attendance-punch-zh-CN-correction.png" });
  // The sheet closes with its own button; the entry opens the 补卡 form with the day filled in.
  await sheet.locator("..").getByRole("button", { name: "关闭" }).click();
  await expect(sheet).toBeHidden();
  await abnormal.click();
  await entry.getByRole("link", { name: "申请补卡" }).click();
  await expect(page).toHaveURL(new RegExp(`/todos/apply/correction\\?date=${date}$`));
  await expect(page.getByTestId("apply-date")).toHaveValue(date!);
  await page.context().close();
});

test("外勤: refused outside every place, a sales rep (field punches allowed) punches with a required remark; the form loads only then", async ({ browser }) => {
  const page = await phone(browser, "zh-CN", demoPeople().outsider.employeeNo); // 上海销售一组: 标准考勤组 allows 外勤
  await page.goto("/attendance");
  await expect(page.getByTestId("punch-button")).toBeEnabled();
  const scripts: string[] = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(r.url()));
  await setFix(page, north(DEMO_PLACES.hangzhou, 5000));
  await page.getByTestId("punch-button").click();
  await expect(page.getByTestId("punch-refused")).toHaveAttribute("data-code", "punch_outside_fence");
  const before = scripts.length;
  await page.getByTestId("field-offer").click();
  const form = page.getByTestId("field-form");
  await expect(form).toBeVisible();
  expect(scripts.length, "the 外勤 form is fetched on demand").toBeGreaterThan(before);
  await page.getByTestId("field-submit").click();
  await expect(form.getByRole("alert")).toContainText("请填写外勤事由");
  await form.getByRole("textbox").fill("拜访客户 杭州");
  await page.getByTestId("field-submit").click();
  await expect(page.getByTestId("punch-result")).toHaveAttribute("data-via", "field");
  await expect(form).toBeHidden();
  await page.screenshot({ path: "test-results/attendance-punch-zh-CN-field.png" });
  await page.context().close();
});

test("the 考勤 tab stays light: its own scripts add little over the shared workbench baseline (/me)", async ({ browser }) => {
  const page = await phone(browser, "zh-CN");
  const weight = await measurePageWeight(page.context(), "/attendance");
  const me = await measurePageWeight(page.context(), "/me");
  const own = weight.scripts.filter((s) => !me.scripts.some((m) => new URL(m.url).pathname === new URL(s.url).pathname));
  const ownBytes = own.reduce((n, s) => n + s.gzipBytes, 0);
  console.log(`/attendance JS: ${(weight.jsGzipBytes / 1024).toFixed(1)} KB gzip (/me ${(me.jsGzipBytes / 1024).toFixed(1)} KB); its own chunks ${(ownBytes / 1024).toFixed(1)} KB`);
  // The punch button and the calendar only; the vendor JS-SDK loads on the tap, so it is not among them.
  expect(ownBytes).toBeLessThan(20 * 1024);
  await page.context().close();
});
