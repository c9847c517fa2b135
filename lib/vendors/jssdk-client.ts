"use client";
// Browser helper for pages that need device features (scan, location) inside WeCom or DingTalk:
// loads the vendor SDK (WeCom jweixin from the real CDN, or the simulator's stand-in; DingTalk dingtalk-jsapi),
// asks /api/jssdk/* for signatures of the current page URL, and configures it.
// Also: requestDingtalkAuthCode() for in-app silent login, real client or simulator alike.

export type JsApi = "scanQRCode" | "getLocation" | "chooseImage" | "openLocation" | string;

interface WxLike {
  config(p: Record<string, unknown>): void;
  ready(f: () => void): void;
  error(f: (e: { errMsg: string }) => void): void;
  agentConfig(p: Record<string, unknown>): void;
  scanQRCode(o: Record<string, unknown>): void;
  getLocation(o: Record<string, unknown>): void;
}

declare global {
  interface Window {
    wx?: WxLike;
  }
}

const pageUrl = () => window.location.href.split("#")[0];

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (document.querySelector(`script[data-qd-sdk="${src}"]`)) return resolve();
    const s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.dataset.qdSdk = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error("SDK script failed to load"));
    document.head.appendChild(s);
  });
}

async function fetchConfig<T>(vendor: "wecom" | "dingtalk"): Promise<T> {
  const r = await fetch(`/api/jssdk/${vendor}?url=${encodeURIComponent(pageUrl())}`, { credentials: "same-origin", cache: "no-store" });
  if (!r.ok) throw new Error(`jssdk ${vendor}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

interface WecomJsConfig {
  simulated: boolean;
  sdkUrl: string;
  config: Record<string, unknown>;
  agentConfig: Record<string, unknown>;
}

/** Load and configure WeCom's JS-SDK (wx.config, then wx.agentConfig). Resolves with `wx` when ready. */
export async function configureWecom(jsApiList: JsApi[]): Promise<WxLike> {
  const cfg = await fetchConfig<WecomJsConfig>("wecom");
  await loadScript(cfg.sdkUrl);
  const wx = window.wx;
  if (!wx) throw new Error("jweixin did not load");
  await new Promise<void>((resolve, reject) => {
    wx.ready(resolve);
    wx.error((e) => reject(new Error(e.errMsg)));
    wx.config({ ...cfg.config, debug: false, jsApiList });
  });
  await new Promise<void>((resolve, reject) => {
    wx.agentConfig({ ...cfg.agentConfig, jsApiList, success: () => resolve(), fail: (e: { errMsg?: string }) => reject(new Error(e?.errMsg ?? "agentConfig failed")) });
  });
  return wx;
}

interface DingtalkJsConfig {
  simulated: boolean;
  config: { agentId: string; corpId: string; timeStamp: string; nonceStr: string; signature: string; type: number };
}

/** Configure dingtalk-jsapi (dd.config). In simulator mode the signature is checked by the simulator instead. */
export async function configureDingtalk(jsApiList: JsApi[]): Promise<void> {
  const cfg = await fetchConfig<DingtalkJsConfig>("dingtalk");
  if (cfg.simulated) {
    const r = await fetch("/api/sim/dingtalk/sdk/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "dd.config", url: pageUrl(), timestamp: cfg.config.timeStamp, nonceStr: cfg.config.nonceStr, signature: cfg.config.signature }),
    });
    const body = (await r.json()) as { errorCode: string; errorMessage: string };
    if (body.errorCode !== "0") throw new Error(body.errorMessage);
    return;
  }
  const mod = (await import("dingtalk-jsapi")) as unknown as { default?: unknown };
  const dd = (mod.default ?? mod) as {
    config(p: Record<string, unknown>): void;
    ready(f: () => void): void;
    error(f: (e: unknown) => void): void;
  };
  await new Promise<void>((resolve, reject) => {
    dd.ready(resolve);
    dd.error((e) => reject(new Error(`dd.config failed: ${JSON.stringify(e)}`)));
    dd.config({ ...cfg.config, jsApiList });
  });
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
