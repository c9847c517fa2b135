// Which chat client the page runs in, told by the user agent (ARCHITECTURE §5) — without any JS-SDK code, so a page
// can ask cheaply and import lib/vendors/jssdk-client (and through it the vendor package) only when it uses a device
// feature (issue 12: workbench pages stay light).

export type Container = "wecom" | "dingtalk";

/** WeCom's user agent carries `wxwork/<version>`, DingTalk's `DingTalk`. */
export function containerOf(userAgent: string): Container | null {
  if (/wxwork\//i.test(userAgent)) return "wecom";
  if (/DingTalk/i.test(userAgent)) return "dingtalk";
  return null;
}

export function currentContainer(): Container | null {
  return typeof navigator === "undefined" ? null : containerOf(navigator.userAgent);
}

/** The JS-SDK module, fetched on first use (a tap that scans or locates, or a page getting it ready). */
export const jssdk = () => import("./jssdk-client");

/** Configure the client's JS-SDK ahead of a tap (no-op outside WeCom/DingTalk); errors surface on the tap itself. */
export function prepareJssdk(): void {
  const container = currentContainer();
  if (container) jssdk().then((m) => m.prepareContainerSdk(container)).catch(() => undefined);
}
