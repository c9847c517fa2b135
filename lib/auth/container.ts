// Which client is the page running in, from the user agent: WeCom (wxwork/…), DingTalk (DingTalk/…), or a browser.
export type Container = "wecom" | "dingtalk" | "browser";

export function detectContainer(userAgent: string | null | undefined): Container {
  const ua = userAgent ?? "";
  if (/wxwork\//i.test(ua)) return "wecom";
  if (/DingTalk\//i.test(ua) || /AliApp\(DingTalk/i.test(ua)) return "dingtalk";
  return "browser";
}
