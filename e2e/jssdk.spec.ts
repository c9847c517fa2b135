// The JS-SDK as the app itself uses it: inside WeCom and DingTalk (told by the user agent) the scan page and the
// check-in page load @wecom/jssdk / dingtalk-jsapi, register with /api/jssdk/* signatures, then scan and locate.
// The test stands in only for the client's native bridge (WeixinJSBridge; DingTalk iOS's WebViewJavascriptBridge):
// it records each call and answers as the client does, asking the simulated vendor to verify config signatures,
// and refusing device APIs until config passed. Signatures are also recomputed here with sha1 over the
// documented string and the tickets the simulated vendor hands out. Outside the clients: the camera fallback
// with Chromium's fake camera playing a QR code, and the permission-denied state.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import gcoord from "gcoord";
import QRCode from "qrcode";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { SIM } from "../lib/vendors/config";
import { demoPeople, loginAs, setUserAgent, UA } from "./fixtures";

const PHONE = { width: 390, height: 844 };
// WeCom before 3.0.24 needs wx.config before wx.agentConfig; newer clients take agentConfig alone (@wecom/jssdk).
const WECOM_OLD_UA = UA.wecomMobile.replace("wxwork/4.1.0", "wxwork/3.0.16");
const PLAIN_MOBILE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const VENUE = { lat: 31.2304, lng: 121.4737 }; // WGS-84, as meetings store it

type BridgeCall = { name: string; params: Record<string, unknown>; url: string; answer?: Record<string, unknown> };

const sha1 = (s: string) => createHash("sha1").update(s, "utf8").digest("hex");
const documentedSignature = (ticket: string, noncestr: string, timestamp: string | number, url: string) =>
  sha1(`jsapi_ticket=${ticket}&noncestr=${noncestr}&timestamp=${timestamp}&url=${url}`);

/** WeCom's native bridge as the iOS client exposes it to @wecom/jssdk. */
function wecomBridge() {
  const w = window as unknown as Record<string, unknown>;
  // Kept in sessionStorage so a test can read the calls made before the page navigated.
  const calls: BridgeCall[] = JSON.parse(sessionStorage.getItem("bridgeCalls") ?? "[]");
  const save = () => sessionStorage.setItem("bridgeCalls", JSON.stringify(calls));
  w.__bridgeCalls = calls;
  let configured = false;
  const verify = (kind: string, timestamp: unknown, nonceStr: unknown, signature: unknown) =>
    fetch("/api/sim/wecom/sdk/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind, url: location.href.split("#")[0], timestamp, nonceStr, signature }),
    }).then((r) => r.json() as Promise<{ errcode: number }>);
  w.WeixinJSBridge = {
    on() {},
    invoke(name: string, params: Record<string, unknown>, cb: (r: Record<string, unknown>) => void) {
      const call: BridgeCall = { name, params: JSON.parse(JSON.stringify(params)), url: location.href.split("#")[0] };
      calls.push(call);
      save();
      const answer = (r: Record<string, unknown>) => ((call.answer = { ...r }), save(), cb(r)); // a copy: the SDK adds errMsg/errCode to r
      if (name === "preVerifyJSAPI" || name === "agentConfig") {
        const p = name === "agentConfig" ? [params.timestamp, params.nonceStr, params.signature] : [params.verifyTimestamp, params.verifyNonceStr, params.verifySignature];
        const kind = name === "agentConfig" ? "agentConfig" : "config";
        void verify(kind, p[0], p[1], p[2]).then((r) => {
          if (r.errcode === 0 && name === "agentConfig") configured = true;
          answer({ err_msg: r.errcode === 0 ? `${name}:ok` : `${name}:invalid signature` });
        });
        return;
      }
      if (!configured) return answer({ err_msg: `${name}:permission denied` });
      if (name === "scanQRCode") {
        // The iOS client wraps the text as JSON (scan_code.scan_result), which the SDK unwraps.
        return answer({ err_msg: "scanQRCode:ok", resultStr: JSON.stringify({ scan_code: { scan_type: "qrcode", scan_result: w.__scanText } }) });
      }
      if (name === "geoLocation") {
        const fix = w.__fix as { latitude: number; longitude: number };
        return answer({ err_msg: "geoLocation:ok", latitude: fix.latitude, longitude: fix.longitude, accuracy: 15, speed: 0 });
      }
      answer({ err_msg: `${name}:function not exist` });
    },
  };
}

/** DingTalk's native bridge as its iOS client exposes it to dingtalk-jsapi. */
function dingtalkBridge() {
  const w = window as unknown as Record<string, unknown>;
  // Kept in sessionStorage so a test can read the calls made before the page navigated.
  const calls: BridgeCall[] = JSON.parse(sessionStorage.getItem("bridgeCalls") ?? "[]");
  const save = () => sessionStorage.setItem("bridgeCalls", JSON.stringify(calls));
  w.__bridgeCalls = calls;
  let configured = false;
  w.WebViewJavascriptBridge = {
    init() {},
    registerHandler() {},
    callHandler(name: string, params: Record<string, unknown>, cb: (r: Record<string, unknown>) => void) {
      const call: BridgeCall = { name, params: JSON.parse(JSON.stringify(params)), url: location.href.split("#")[0] };
      calls.push(call);
      save();
      const answer = (r: Record<string, unknown>) => ((call.answer = { ...r }), save(), cb(r)); // a copy: the SDK adds errMsg/errCode to r
      if (name === "runtime.permission.requestJsApis") {
        void fetch("/api/sim/dingtalk/sdk/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ kind: "dd.config", url: call.url, timestamp: params.timeStamp, nonceStr: params.nonceStr, signature: params.signature }),
        })
          .then((r) => r.json() as Promise<{ errorCode: string; errorMessage: string }>)
          .then((r) => {
            configured = r.errorCode === "0";
            answer(configured ? { errorCode: "0", result: {} } : { errorCode: r.errorCode, errorMessage: r.errorMessage });
          });
        return;
      }
      if (!configured) return answer({ errorCode: "7", errorMessage: "no permission" });
      if (name === "biz.util.scan") return answer({ errorCode: "0", result: { text: w.__scanText } });
      if (name === "device.geolocation.get") {
        const fix = w.__fix as { latitude: number; longitude: number };
        return answer({ errorCode: "0", result: { latitude: fix.latitude, longitude: fix.longitude, accuracy: 15, address: "" } });
      }
      answer({ errorCode: "1", errorMessage: "not exist" });
    },
  };
}

async function phone(browser: Browser, ua: string, bridge?: () => void) {
  const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true, userAgent: ua, locale: "zh-CN" });
  if (bridge) await ctx.addInitScript(bridge);
  return ctx.newPage();
}

async function bridgeCalls(page: Page): Promise<BridgeCall[]> {
  return page.evaluate(() => (window as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls);
}

async function simGet<T>(page: Page, p: string): Promise<T> {
  const r = await page.request.get(p);
  expect(r.status(), p).toBe(200);
  return (await r.json()) as T;
}

/** The tickets the simulated vendor issues, fetched the way a vendor server client would (token, then ticket). */
async function wecomTickets(page: Page) {
  const { access_token } = await simGet<{ access_token: string }>(page, `/api/sim/wecom/cgi-bin/gettoken?corpid=${SIM.wecom.corpId}&corpsecret=${SIM.wecom.secret}`);
  const corp = await simGet<{ ticket: string }>(page, `/api/sim/wecom/cgi-bin/get_jsapi_ticket?access_token=${access_token}`);
  const agent = await simGet<{ ticket: string }>(page, `/api/sim/wecom/cgi-bin/ticket/get?access_token=${access_token}&type=agent_config`);
  return { corp: corp.ticket, agent: agent.ticket };
}

async function dingtalkTicket(page: Page) {
  const { access_token } = await simGet<{ access_token: string }>(page, `/api/sim/dingtalk/oapi/gettoken?appkey=${SIM.dingtalk.clientId}&appsecret=${SIM.dingtalk.clientSecret}`);
  return (await simGet<{ ticket: string }>(page, `/api/sim/dingtalk/oapi/get_jsapi_ticket?access_token=${access_token}`)).ticket;
}

async function createMeeting(org: Page, title: string, inviteeNos: string[], fence = false) {
  const start = new Date(Date.now() + 5 * 60_000);
  const r = await org.request.post("/api/meetings", {
    data: {
      title, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), inviteeEmployeeNos: inviteeNos,
      ...(fence ? { latitude: VENUE.lat, longitude: VENUE.lng, radiusMeters: 100, locationName: "总部 A 座 12 层" } : {}),
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { id: number }).id;
}

async function rowOf(org: Page, meetingId: number, employeeNo: string) {
  const { rows } = await simGet<{ rows: { employeeNo: string; status: string; method: string | null }[] }>(org, `/api/meetings/${meetingId}/attendance`);
  return rows.find((r) => r.employeeNo === employeeNo);
}

/** A fresh rotating code: waits for the next slot so the code has its full two-slot lifetime ahead. */
async function freshQr(org: Page, meetingId: number): Promise<{ url: string; code: string }> {
  const first = await simGet<{ expiresAt: string }>(org, `/api/meetings/${meetingId}/qr`);
  await new Promise((r) => setTimeout(r, Math.max(0, new Date(first.expiresAt).getTime() - Date.now()) + 300));
  return simGet<{ url: string; code: string }>(org, `/api/meetings/${meetingId}/qr`);
}

test.describe("inside WeCom", () => {
  test("the scan page registers @wecom/jssdk by itself; scanQRCode's check-in link checks the person in", async ({ browser }) => {
    const { manager, employee } = demoPeople();
    const org = await phone(browser, UA.wecomMobile);
    await loginAs(org, { vendor: "wecom", employeeNo: manager.employeeNo });
    const meetingId = await createMeeting(org, "JS-SDK 扫码签到（企业微信）", [employee.employeeNo]);

    const page = await phone(browser, UA.wecomMobile, wecomBridge);
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    await page.goto("/meetings/scan");
    await expect(page.getByTestId("scanner")).toHaveAttribute("data-sdk", "ready");
    await expect(page.getByTestId("scanner")).toHaveAttribute("data-container", "wecom");

    // wxwork 4.x: agentConfig alone, signed with the app ticket for exactly this page's URL.
    const calls = await bridgeCalls(page);
    const agent = calls.filter((c) => c.name === "agentConfig");
    expect(agent).toHaveLength(1);
    const p = agent[0].params as { corpid: string; agentid: string; timestamp: string; nonceStr: string; signature: string; jsApiList: string[] };
    expect(p).toMatchObject({ corpid: SIM.wecom.corpId, agentid: SIM.wecom.agentId });
    expect(p.jsApiList).toEqual(["scanQRCode", "geoLocation"]);
    expect(agent[0].url).toBe(new URL("/meetings/scan", page.url()).toString());
    const tickets = await wecomTickets(page);
    expect(p.signature).toBe(documentedSignature(tickets.agent, p.nonceStr, p.timestamp, agent[0].url));
    expect(agent[0].answer).toEqual({ err_msg: "agentConfig:ok" });
    await page.screenshot({ path: "test-results/jssdk-wecom-scan.png" });

    // The client's scanner reads the organiser's rotating code.
    const qr = await freshQr(org, meetingId);
    await page.evaluate((text) => ((window as unknown as { __scanText: string }).__scanText = text), qr.url);
    await page.getByTestId("open-scanner").click();
    await page.waitForURL((u) => u.pathname === "/checkin");
    await expect(page.getByTestId("checkin-result")).toHaveAttribute("data-status", "on_time");
    const scans = (await bridgeCalls(page)).filter((c) => c.name === "scanQRCode");
    expect(scans).toHaveLength(1);
    expect(scans[0].answer?.err_msg).toBe("scanQRCode:ok");
    expect(await rowOf(org, meetingId, employee.employeeNo)).toMatchObject({ status: "on_time", method: "qr" });
    await page.screenshot({ path: "test-results/jssdk-wecom-checked-in.png" });
  });

  test("a link that is not ours is not followed", async ({ browser }) => {
    const { employee } = demoPeople();
    const page = await phone(browser, UA.wecomMobile, wecomBridge);
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    await page.goto("/meetings/scan");
    await expect(page.getByTestId("scanner")).toHaveAttribute("data-sdk", "ready");
    await page.evaluate(() => ((window as unknown as { __scanText: string }).__scanText = "https://evil.example.com/checkin?m=1&c=x"));
    await page.getByTestId("open-scanner").click();
    await expect(page.getByTestId("scanner-message")).toHaveText("找不到要签到的会议");
    expect(new URL(page.url()).pathname).toBe("/meetings/scan");
    const scans = (await bridgeCalls(page)).filter((c) => c.name === "scanQRCode");
    expect(scans).toHaveLength(1);
    expect(scans[0].params).toMatchObject({ needResult: 1, scanType: ["qrCode"] });
  });

  test("older WeCom: wx.config and wx.agentConfig both signed; getLocation gcj02 checks in inside the fence", async ({ browser }) => {
    const { manager, employee } = demoPeople();
    const org = await phone(browser, UA.wecomMobile);
    await loginAs(org, { vendor: "wecom", employeeNo: manager.employeeNo });
    const meetingId = await createMeeting(org, "JS-SDK 定位签到（企业微信）", [employee.employeeNo], true);

    const page = await phone(browser, WECOM_OLD_UA, wecomBridge);
    await loginAs(page, { vendor: "wecom", employeeNo: employee.employeeNo });
    await setUserAgent(page, WECOM_OLD_UA);
    // The client reports GCJ-02 (~500 m off WGS-84 in Shanghai, far outside a 100 m fence if taken as WGS-84).
    const [lng, lat] = gcoord.transform([VENUE.lng, VENUE.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    await page.addInitScript((fix) => ((window as unknown as { __fix: unknown }).__fix = fix), { latitude: lat, longitude: lng });
    await page.goto(`/checkin?m=${meetingId}`);
    await expect(page.getByTestId("checkin-geo")).toBeVisible();
    await expect.poll(async () => (await bridgeCalls(page)).filter((c) => c.answer).map((c) => c.name).sort()).toEqual(["agentConfig", "preVerifyJSAPI"]);
    const calls = await bridgeCalls(page);
    const tickets = await wecomTickets(page);
    const url = new URL(`/checkin?m=${meetingId}`, page.url()).toString();
    const cfg = calls.find((c) => c.name === "preVerifyJSAPI")!;
    const cp = cfg.params as { appId: string; verifyTimestamp: string; verifyNonceStr: string; verifySignature: string; verifyJsApiList: string[] };
    expect(cfg.url).toBe(url);
    expect(cp.appId).toBe(SIM.wecom.corpId);
    expect(cp.verifySignature).toBe(documentedSignature(tickets.corp, cp.verifyNonceStr, cp.verifyTimestamp, url));
    expect(cfg.answer).toEqual({ err_msg: "preVerifyJSAPI:ok" });
    const ag = calls.find((c) => c.name === "agentConfig")!;
    const ap = ag.params as { timestamp: string; nonceStr: string; signature: string };
    expect(ap.signature).toBe(documentedSignature(tickets.agent, ap.nonceStr, ap.timestamp, url));
    expect(ap.signature).not.toBe(cp.verifySignature);

    await page.getByTestId("checkin-geo").click();
    await expect(page.getByTestId("checkin-result")).toHaveAttribute("data-result", "ok");
    const geo = (await bridgeCalls(page)).filter((c) => c.name === "geoLocation");
    expect(geo).toHaveLength(1);
    expect(geo[0].params.type).toBe("gcj02");
    expect(await rowOf(org, meetingId, employee.employeeNo)).toMatchObject({ status: "on_time", method: "geofence" });
    await page.screenshot({ path: "test-results/jssdk-wecom-geofence.png" });
  });
});

test.describe("inside DingTalk", () => {
  test("dd.config by itself; biz.util.scan checks in; device.geolocation.get (高德 GCJ-02) checks in inside the fence", async ({ browser }) => {
    const { manager, employee } = demoPeople();
    const org = await phone(browser, UA.wecomMobile);
    await loginAs(org, { vendor: "wecom", employeeNo: manager.employeeNo });
    const scanMeeting = await createMeeting(org, "JS-SDK 扫码签到（钉钉）", [employee.employeeNo]);
    const geoMeeting = await createMeeting(org, "JS-SDK 定位签到（钉钉）", [employee.employeeNo], true);

    const page = await phone(browser, UA.dingtalkMobile, dingtalkBridge);
    await loginAs(page, { vendor: "dingtalk", employeeNo: employee.employeeNo });
    await page.goto("/meetings/scan");
    await expect(page.getByTestId("scanner")).toHaveAttribute("data-sdk", "ready");
    await expect(page.getByTestId("scanner")).toHaveAttribute("data-container", "dingtalk");
    const config = (await bridgeCalls(page)).filter((c) => c.name === "runtime.permission.requestJsApis");
    expect(config).toHaveLength(1);
    const p = config[0].params as { corpId: string; agentId: string; timeStamp: string; nonceStr: string; signature: string; jsApiList: string[] };
    expect(p).toMatchObject({ corpId: SIM.dingtalk.corpId, agentId: SIM.dingtalk.agentId });
    expect(p.jsApiList).toEqual(["biz.util.scan", "device.geolocation.get"]);
    expect(config[0].url).toBe(new URL("/meetings/scan", page.url()).toString());
    expect(p.signature).toBe(documentedSignature(await dingtalkTicket(page), p.nonceStr, p.timeStamp, config[0].url));
    expect(config[0].answer).toEqual({ errorCode: "0", result: {} });
    await page.screenshot({ path: "test-results/jssdk-dingtalk-scan.png" });

    const qr = await freshQr(org, scanMeeting);
    await page.evaluate((text) => ((window as unknown as { __scanText: string }).__scanText = text), qr.url);
    await page.getByTestId("open-scanner").click();
    await page.waitForURL((u) => u.pathname === "/checkin");
    await expect(page.getByTestId("checkin-result")).toHaveAttribute("data-status", "on_time");
    expect(await rowOf(org, scanMeeting, employee.employeeNo)).toMatchObject({ status: "on_time", method: "qr" });

    // Location check-in on a second page load: dd.config again, for that page's URL.
    const geoPage = page;
    const [lng, lat] = gcoord.transform([VENUE.lng, VENUE.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    await geoPage.addInitScript((fix) => ((window as unknown as { __fix: unknown }).__fix = fix), { latitude: lat, longitude: lng });
    await geoPage.goto(`/checkin?m=${geoMeeting}`);
    const geoUrl = new URL(`/checkin?m=${geoMeeting}`, page.url()).toString();
    await expect.poll(async () => (await bridgeCalls(geoPage)).some((c) => c.name === "runtime.permission.requestJsApis" && c.url === geoUrl && c.answer?.errorCode === "0")).toBe(true);
    await geoPage.getByTestId("checkin-geo").click();
    await expect(geoPage.getByTestId("checkin-result")).toHaveAttribute("data-result", "ok");
    const geo = (await bridgeCalls(geoPage)).filter((c) => c.name === "device.geolocation.get");
    expect(geo).toHaveLength(1);
    expect(geo[0].params).toMatchObject({ coordinate: 1, useCache: false });
    expect(await rowOf(org, geoMeeting, employee.employeeNo)).toMatchObject({ status: "on_time", method: "geofence" });
    await geoPage.screenshot({ path: "test-results/jssdk-dingtalk-geofence.png" });
  });
});

/** A Y4M clip (4:2:0) of a QR code on white, for Chromium's fake camera. */
function writeQrY4m(file: string, text: string) {
  const W = 640;
  const H = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const scale = Math.floor(400 / (n + 8));
  const off = { x: Math.floor((W - n * scale) / 2), y: Math.floor((H - n * scale) / 2) };
  const y = Buffer.alloc(W * H, 235);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy++) y.fill(16, (off.y + r * scale + dy) * W + off.x + c * scale, (off.y + r * scale + dy) * W + off.x + (c + 1) * scale);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frames = Array.from({ length: 10 }, () => Buffer.concat([Buffer.from("FRAME\n"), y, chroma]));
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

test.describe("in a plain browser", () => {
  test("the camera reads the organiser's QR (fake camera) and checks in; denied camera explains how to allow", async ({ browser }, info) => {
    test.setTimeout(120_000);
    const { manager, all } = demoPeople();
    const person = all.filter((e) => e.role === "employee" && !e.isLeader && e.employeeNo !== demoPeople().employee.employeeNo)[7];
    const org = await phone(browser, UA.wecomMobile);
    await loginAs(org, { vendor: "wecom", employeeNo: manager.employeeNo });
    const meetingId = await createMeeting(org, "相机扫码签到", [person.employeeNo]);
    const clip = path.resolve(info.outputDir, "qr.y4m");
    fs.mkdirSync(path.dirname(clip), { recursive: true });
    writeQrY4m(clip, "placeholder"); // replaced by the live code below, before the camera starts

    const launch = info.project.use.launchOptions ?? {};
    const cam = await chromium.launch({ ...launch, args: [...(launch.args ?? []), "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${clip}`] });
    try {
      const baseURL = info.project.use.baseURL!;
      // Granted: the fake camera plays the QR; the page decodes it and follows our own check-in link.
      const ctx = await cam.newContext({ viewport: PHONE, userAgent: PLAIN_MOBILE_UA, locale: "zh-CN", baseURL, permissions: ["camera"] });
      const page = await ctx.newPage();
      await loginAs(page, { vendor: "wecom", employeeNo: person.employeeNo });
      await setUserAgent(page, PLAIN_MOBILE_UA);
      await page.goto("/meetings/scan");
      await expect(page.getByTestId("scanner")).toHaveAttribute("data-container", "browser");
      writeQrY4m(clip, (await freshQr(org, meetingId)).url); // Chromium opens the clip when the camera starts
      await page.getByTestId("open-scanner").click();
      await expect(page.getByTestId("camera-scanner")).toBeVisible();
      await page.waitForURL((u) => u.pathname === "/checkin", { timeout: 20_000 });
      await expect(page.getByTestId("checkin-result")).toHaveAttribute("data-status", "on_time");
      expect(await rowOf(org, meetingId, person.employeeNo)).toMatchObject({ status: "on_time", method: "qr" });
      await page.screenshot({ path: "test-results/jssdk-camera-checked-in.png" });

      // Denied: no grant, so the browser refuses the camera; the page says so and how to allow it.
      const deniedCtx = await cam.newContext({ viewport: PHONE, userAgent: PLAIN_MOBILE_UA, locale: "zh-CN", baseURL });
      const denied = await deniedCtx.newPage();
      await loginAs(denied, { vendor: "wecom", employeeNo: person.employeeNo });
      await setUserAgent(denied, PLAIN_MOBILE_UA);
      await denied.goto("/meetings/scan");
      await expect(denied.getByTestId("scanner")).toHaveAttribute("data-container", "browser");
      await denied.getByTestId("open-scanner").click();
      await expect(denied.getByTestId("camera-scanner")).toHaveAttribute("data-state", "denied");
      await expect(denied.getByTestId("camera-status")).toContainText("相机权限被拒绝");
      await expect(denied.getByTestId("camera-status")).toContainText("网站设置");
      await denied.screenshot({ path: "test-results/jssdk-camera-denied.png" });
    } finally {
      await cam.close();
    }
  });
});
