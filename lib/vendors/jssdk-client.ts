"use client";
// Device features inside WeCom and DingTalk through the official JS-SDK packages (@wecom/jssdk, dingtalk-jsapi):
// the container is told by the user agent; the SDK code is imported on first use only (pages that scan or
// locate), registered with the signatures /api/jssdk/* makes for this page's URL, then scan and location are
// called. The packages talk to the client's native bridge (WeixinJSBridge; DingTalk's WebViewJavascriptBridge
// or nuva), which only exists inside the real client.
// Also: requestDingtalkAuthCode() for in-app silent login, real client or simulator alike.

import type { Container } from "./container";
export { containerOf, currentContainer, type Container } from "./container";

/** A JS-SDK step that failed: `config` (signature refused, no bridge), `denied` (user said no), `cancel`, `failed`. */
export class ContainerSdkError extends Error {
  constructor(
    readonly kind: "config" | "denied" | "cancel" | "failed",
    message: string,
  ) {
    super(message);
  }
}

export interface DeviceLocation {
  latitude: number;
  longitude: number;
  accuracy?: number;
  coordType: "gcj02";
}

const CONFIG_TIMEOUT_MS = 10_000;
const WECOM_APIS = ["scanQRCode", "getLocation"];
const DINGTALK_APIS = ["biz.util.scan", "device.geolocation.get"];

const pageUrl = () => window.location.href.split("#")[0];

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ContainerSdkError("config", `${what}: no answer from the client`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

async function fetchConfig<T>(vendor: Container, url: string): Promise<T> {
  const r = await fetch(`/api/jssdk/${vendor}?url=${encodeURIComponent(url)}`, { credentials: "same-origin", cache: "no-store" });
  if (!r.ok) throw new ContainerSdkError("config", `jssdk ${vendor}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

interface WecomJsConfig {
  url: string;
  config: { appId: string; timestamp: string; nonceStr: string; signature: string };
  agentConfig: { corpid: string; agentid: string; timestamp: string; nonceStr: string; signature: string };
}

function errMsgOf(e: unknown): string {
  if (e && typeof e === "object" && "errMsg" in e) return String((e as { errMsg: unknown }).errMsg);
  return e instanceof Error ? e.message : String(e);
}

/** Maps a WeCom result's errMsg ("api:keyword") to our error kinds. */
function wecomError(e: unknown): ContainerSdkError {
  if (e instanceof ContainerSdkError) return e;
  const msg = errMsgOf(e);
  const keyword = msg.slice(msg.indexOf(":") + 1);
  if (/^(config|agentConfig|preVerifyJSAPI):/.test(msg) || /signature|SDK Error/i.test(msg)) return new ContainerSdkError("config", msg);
  if (keyword === "cancel") return new ContainerSdkError("cancel", msg);
  if (/denied|auth|permission/i.test(keyword)) return new ContainerSdkError("denied", msg);
  return new ContainerSdkError("failed", msg);
}

let wecomReady: Promise<typeof import("@wecom/jssdk")> | null = null;

/** Import @wecom/jssdk and register this app (ww.register: wx.config / wx.agentConfig as the client needs). */
export function wecomSdk(): Promise<typeof import("@wecom/jssdk")> {
  wecomReady ??= (async () => {
    const ww = await import("@wecom/jssdk");
    // One request signs both configs for a URL; the SDK asks per URL (it re-signs after a client-side navigation).
    const signed = new Map<string, Promise<WecomJsConfig>>();
    const configFor = (url: string) => {
      if (!signed.has(url)) signed.set(url, fetchConfig<WecomJsConfig>("wecom", url));
      return signed.get(url)!;
    };
    const first = await configFor(pageUrl());
    ww.register({
      corpId: first.config.appId,
      agentId: first.agentConfig.agentid,
      jsApiList: WECOM_APIS,
      getConfigSignature: async (url) => (await configFor(url)).config,
      getAgentConfigSignature: async (url) => (await configFor(url)).agentConfig,
    });
    await withTimeout<unknown>(ww.ensureConfigReady(), CONFIG_TIMEOUT_MS, "WeCom config").catch((e) => {
      throw new ContainerSdkError("config", errMsgOf(e));
    });
    return ww;
  })();
  wecomReady.catch(() => (wecomReady = null)); // a later tap tries again
  return wecomReady;
}

interface DingtalkJsConfig {
  config: { agentId: string; corpId: string; timeStamp: string; nonceStr: string; signature: string; type: number };
}

interface DingtalkSdk {
  config(p: Record<string, unknown>): void;
  ready(f: () => void): void;
  error(f: (e: unknown) => void): void;
}

interface DingtalkApis {
  dd: DingtalkSdk;
  scan(p: Record<string, unknown>): Promise<{ text?: string }>;
  geolocation(p: Record<string, unknown>): Promise<{ latitude?: number; longitude?: number; accuracy?: number; location?: { latitude: number; longitude: number; accuracy?: number } }>;
}

let dingtalkReady: Promise<DingtalkApis> | null = null;

function dingtalkError(e: unknown): ContainerSdkError {
  if (e instanceof ContainerSdkError) return e;
  const o = (e ?? {}) as { errorCode?: string | number; errorMessage?: string };
  const code = String(o.errorCode ?? "");
  const msg = o.errorMessage ?? (e instanceof Error ? e.message : JSON.stringify(e));
  if (code === "-1") return new ContainerSdkError("cancel", msg);
  if (code === "7") return new ContainerSdkError("denied", msg); // ERROR_CODE.no_permission in dingtalk-jsapi
  return new ContainerSdkError("failed", `${code ? `${code} ` : ""}${msg}`);
}

/** Import dingtalk-jsapi (core and the two APIs only) and run dd.config with this page's signature. */
export function dingtalkSdk(): Promise<DingtalkApis> {
  dingtalkReady ??= (async () => {
    const [core, scan, geolocation] = await Promise.all([
      import("dingtalk-jsapi/entry/union"),
      import("dingtalk-jsapi/api/biz/util/scan"),
      import("dingtalk-jsapi/api/device/geolocation/get"),
    ]);
    const dd = ((core as { default?: unknown }).default ?? core) as unknown as DingtalkSdk;
    const cfg = await fetchConfig<DingtalkJsConfig>("dingtalk", pageUrl());
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        dd.ready(resolve);
        dd.error((e) => reject(new ContainerSdkError("config", `dd.config: ${JSON.stringify(e)}`)));
        dd.config({ ...cfg.config, jsApiList: DINGTALK_APIS });
      }),
      CONFIG_TIMEOUT_MS,
      "dd.config",
    );
    return { dd, scan: scan.default as DingtalkApis["scan"], geolocation: geolocation.default as unknown as DingtalkApis["geolocation"] };
  })();
  // dd.config runs once per page load (dingtalk-jsapi ignores a second call), so a failure stays a failure.
  return dingtalkReady;
}

/** Get the SDK configured early (on pages that will scan or locate) so the first tap is quick. */
export function prepareContainerSdk(container: Container): Promise<unknown> {
  return container === "wecom" ? wecomSdk() : dingtalkSdk();
}

/** The client's own scanner (wx.scanQRCode / biz.util.scan); resolves with the scanned text. */
export async function containerScan(container: Container): Promise<string> {
  if (container === "wecom") {
    const ww = await wecomSdk();
    try {
      const r = await ww.scanQRCode({ needResult: true, scanType: [ww.ScanQRCodeType.qrCode] });
      return String(r.resultStr ?? "");
    } catch (e) {
      throw wecomError(e);
    }
  }
  const api = await dingtalkSdk();
  try {
    const r = await api.scan({ type: "qrCode" });
    return String(r.text ?? "");
  } catch (e) {
    throw dingtalkError(e);
  }
}

/** Location from the client in GCJ-02 (wx.getLocation type gcj02; device.geolocation.get coordinate 1 = 高德). */
export async function containerLocate(container: Container): Promise<DeviceLocation> {
  if (container === "wecom") {
    const ww = await wecomSdk();
    try {
      const r = await ww.getLocation({ type: ww.LocationType.gcj02 });
      return { latitude: Number(r.latitude), longitude: Number(r.longitude), accuracy: r.accuracy == null ? undefined : Number(r.accuracy), coordType: "gcj02" };
    } catch (e) {
      throw wecomError(e);
    }
  }
  const api = await dingtalkSdk();
  try {
    // useCache false: a cached fix may be two minutes old (the API's own note).
    const r = await api.geolocation({ targetAccuracy: 200, coordinate: 1, withReGeocode: false, useCache: false });
    const fix = r.location ?? r; // Android clients up to 2.1 nest the fix under `location`
    return { latitude: Number(fix.latitude), longitude: Number(fix.longitude), accuracy: fix.accuracy == null ? undefined : Number(fix.accuracy), coordType: "gcj02" };
  } catch (e) {
    throw dingtalkError(e);
  }
}

/**
 * In-app silent login code (dingtalk.md §2): dd.runtime.permission.requestAuthCode({corpId}) in the real client.
 * In simulator mode the simulated client answers; when no one is "signed in to DingTalk" yet, the browser is
 * sent to the simulator's picker (and comes back), and this resolves null.
 */
export async function requestDingtalkAuthCode(corpId: string, simulated: boolean): Promise<string | null> {
  if (simulated) {
    const back = window.location.pathname + window.location.search;
    const r = await fetch(`/api/sim/dingtalk/inapp/authcode?corpId=${encodeURIComponent(corpId)}&return=${encodeURIComponent(back)}`, { credentials: "same-origin", cache: "no-store" });
    const body = (await r.json()) as { code?: string; pickUrl?: string; errorMessage?: string };
    if (body.code) return body.code;
    if (body.pickUrl) {
      window.location.assign(body.pickUrl);
      return null;
    }
    throw new Error(body.errorMessage ?? "requestAuthCode failed");
  }
  const mod = (await import("dingtalk-jsapi")) as unknown as { default?: unknown };
  const dd = (mod.default ?? mod) as {
    runtime: { permission: { requestAuthCode(p: { corpId: string; onSuccess(r: { code: string }): void; onFail(e: unknown): void }): void } };
  };
  return new Promise((resolve, reject) => {
    dd.runtime.permission.requestAuthCode({ corpId, onSuccess: (r) => resolve(r.code), onFail: (e) => reject(new Error(`requestAuthCode failed: ${JSON.stringify(e)}`)) });
  });
}
