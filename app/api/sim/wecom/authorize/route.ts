// The simulated WeCom authorize, silent case (proxy.ts rewrites a GET of the authorize page here when it comes from
// inside the simulated client: `wxwork` user agent, snsapi_base, the client's user cookie). Real WeCom answers a
// silent authorize with its redirect at once; the simulator must first see the #wechat_redirect fragment, which
// only the browser has, so it answers with a bare document whose one inline script checks it and redirects — no
// page render, stylesheet or scripts to load first (issue 12). Anything else (a refused parameter, nobody
// remembered, no fragment) goes to the page itself, which shows the error or the picker.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { readCookie, SIM_USER_COOKIE } from "@/lib/vendors/sim/grant";
import { AUTHORIZE_PAGE_MARK, AUTHORIZE_PATH, authorizeProblem, grantHref, isSilentAuthorize, rememberedUser } from "@/lib/vendors/sim/wecom-authorize";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** JSON for an inline script: `<` escaped, so nothing in it can close the script element. */
const js = (s: string) => JSON.stringify(s).replace(/</g, "\\u003c");

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const url = new URL(req.url);
  const params = Object.fromEntries(url.searchParams);
  const page = new URLSearchParams(url.searchParams);
  page.set(AUTHORIZE_PAGE_MARK, "1");
  const pageHref = `${AUTHORIZE_PATH}?${page}`;
  const known = rememberedUser(readCookie(req, SIM_USER_COOKIE.wecom));
  if (authorizeProblem(params) || !isSilentAuthorize(req.headers.get("user-agent") ?? "", params.scope, known)) {
    return new Response(null, { status: 303, headers: { location: pageHref, "cache-control": "no-store" } });
  }
  const script = `location.replace(location.hash==="#wechat_redirect"?${js(grantHref(params, known!))}:${js(pageHref)})`;
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>企业微信 · 模拟器</title></head><body><script>${script}</script></body></html>`;
  return new Response(html, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
