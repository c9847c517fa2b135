// The simulated WeCom in-app authorize (open.weixin.qq.com/connect/oauth2/authorize, wecom.md §2.1): the checks
// of its parameters and the silent case, shared by the page (app/sim/wecom/connect/oauth2/authorize) and the
// fast path for a silent authorize inside the client (app/api/sim/wecom/authorize).
import { wecomConfig } from "@/lib/vendors/config";
import { trustedRedirect } from "./grant";
import { simState } from "./state";

export { AUTHORIZE_PAGE_MARK, AUTHORIZE_PATH } from "./authorize-path";

export type AuthorizeProblem = "appid" | "responseType" | "scope" | "redirect" | "agentid" | "state";

/** What the real authorize page would refuse (its message key under sim.errors), or null. */
export function authorizeProblem(params: Record<string, string | undefined>): AuthorizeProblem | null {
  const cfg = wecomConfig();
  const scope = params.scope ?? "";
  if (params.appid !== cfg.corpId) return "appid";
  if (params.response_type !== "code") return "responseType";
  if (!["snsapi_base", "snsapi_privateinfo"].includes(scope)) return "scope";
  if (!trustedRedirect(params.redirect_uri)) return "redirect";
  if (scope === "snsapi_privateinfo" && params.agentid !== cfg.agentId) return "agentid";
  if (params.state && !/^[a-zA-Z0-9_-]{0,128}$/.test(params.state)) return "state";
  return null;
}

/** The person the simulated client is signed in as (its cookie), if the directory has them active. */
export function rememberedUser(cookieValue: string | null | undefined): string | null {
  return cookieValue && simState().directory.wecom.users.get(cookieValue)?.status === 1 ? cookieValue : null;
}

/** Silent (no page to pick from): inside the client (`wxwork` user agent), snsapi_base, someone remembered. */
export function isSilentAuthorize(userAgent: string, scope: string | undefined, known: string | null): boolean {
  return /wxwork/i.test(userAgent) && scope === "snsapi_base" && known !== null;
}

/** Where a pick (or the silent redirect) goes: the grant route, which issues the code and redirects back. */
export function grantHref(params: Record<string, string | undefined>, userid: string): string {
  return `/api/sim/wecom/oauth-grant?${new URLSearchParams({ flow: "oauth", userid, redirect_uri: params.redirect_uri ?? "", ...(params.state !== undefined ? { state: params.state } : {}) })}`;
}
