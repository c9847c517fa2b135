// The simulator's side of JS-SDK configuration: recompute a page's signature with the ticket it issued, as the
// vendor does when wx.config / wx.agentConfig / dd.config run (40093 on mismatch), and a jweixin stand-in script.
import { z } from "zod";
import { wecomConfig } from "@/lib/vendors/config";
import { jsapiSignature } from "@/lib/vendors/jssdk";
import { ticketFor } from "./state";

export const verifyInput = z.object({
  kind: z.enum(["config", "agentConfig", "dd.config"]),
  url: z.string().min(1).max(4096),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string().min(1).max(64),
  signature: z.string().regex(/^[0-9a-f]{40}$/),
});

export function verifySignature(input: z.infer<typeof verifyInput>): boolean {
  const key = input.kind === "config" ? "wecom:corp" : input.kind === "agentConfig" ? `wecom:agent:${wecomConfig().agentId}` : "dingtalk:jsapi";
  const { ticket } = ticketFor(key);
  return jsapiSignature({ ticket, nonceStr: input.nonceStr, timestamp: input.timestamp, url: input.url.split("#")[0] }) === input.signature;
}

/** A stand-in for jweixin-1.2.0.js: config/agentConfig verified by the simulator; scan and location simulated. */
export function jweixinStub(): string {
  return `/* Qiandao simulator: stand-in for jweixin-1.2.0.js (simulator mode only) */
(function () {
  var readyFns = [], errorFns = [], state = "idle";
  function verify(kind, p) {
    return fetch("/api/sim/wecom/sdk/verify", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: kind, url: location.href.split("#")[0], timestamp: p.timestamp, nonceStr: p.nonceStr, signature: p.signature }) })
      .then(function (r) { return r.json(); });
  }
  function call(o, name, res) { if (o && typeof o[name] === "function") o[name](res); if (o && typeof o.complete === "function") o.complete(res); }
  window.wx = window.jWeixin = {
    __simulated: true,
    config: function (p) {
      verify("config", p).then(function (r) {
        if (r.errcode === 0) { state = "ready"; readyFns.splice(0).forEach(function (f) { f(); }); }
        else { state = "error"; errorFns.forEach(function (f) { f({ errMsg: "config:invalid signature" }); }); }
      });
    },
    ready: function (f) { if (state === "ready") f(); else readyFns.push(f); },
    error: function (f) { errorFns.push(f); },
    agentConfig: function (p) {
      verify("agentConfig", p).then(function (r) {
        if (r.errcode === 0) call(p, "success", { errMsg: "agentConfig:ok" }); else call(p, "fail", { errMsg: "agentConfig:invalid signature" });
      });
    },
    checkJsApi: function (o) { var m = {}; (o.jsApiList || []).forEach(function (k) { m[k] = true; }); call(o, "success", { checkResult: m, errMsg: "checkJsApi:ok" }); },
    scanQRCode: function (o) {
      var text = window.prompt("模拟扫码：请输入二维码内容");
      if (text === null) call(o, "cancel", { errMsg: "scanQRCode:cancel" }); else call(o, "success", { resultStr: text, errMsg: "scanQRCode:ok" });
    },
    getLocation: function (o) {
      var fix = window.__qdSimLocation || { latitude: 31.2304, longitude: 121.4737, accuracy: 30 };
      call(o, "success", { latitude: fix.latitude, longitude: fix.longitude, accuracy: fix.accuracy, speed: 0, errMsg: "getLocation:ok" });
    }
  };
})();
`;
}
