// Next 16 proxy (formerly middleware): it redirects, refuses the simulator where it must not run, and refuses
// cross-site or malformed writes before any route or server action runs (lib/http/request-guard). Anonymous
// visitors of app pages start the vendor's silent sign-in straight away inside WeCom/DingTalk (inClientSignIn), and
// go to /login elsewhere. It checks the session cookie's presence only; who may read what is decided where data is
// read (lib/auth/session + lib/auth/scope).
import { NextResponse, type NextRequest } from "next/server";
import { detectContainer } from "@/lib/auth/container";
import { appUrl, env, simulatorEnabled, vendorEnabled } from "@/lib/env";
import { ACTION_BODY_LIMIT, refuseActionBody, refuseByHead, type Refusal } from "@/lib/http/request-guard";
import { AUTHORIZE_PAGE_MARK, AUTHORIZE_PATH } from "@/lib/vendors/sim/authorize-path";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

const SIMULATOR_PATH = /^\/(api\/)?sim(\/|$)/;
// Pages that need no session (and must not bounce to themselves); API routes answer 401 themselves.
const PUBLIC_PATH = /^\/(api|login|_next)(\/|$)/;

/** First gate of the simulator (its pages and handlers check again): 404 wherever it must not run (lib/env). */
function simulatorGate(req: NextRequest): NextResponse | null {
  if (!SIMULATOR_PATH.test(req.nextUrl.pathname)) return null;
  if (simulatorEnabled()) return NextResponse.next();
  return new NextResponse("Not Found", { status: 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}

/**
 * The simulated WeCom authorize opened from inside the simulated client (`wxwork` user agent, snsapi_base, the
 * client's user cookie) is answered by its silent fast path, app/api/sim/wecom/authorize, instead of the page: real
 * WeCom redirects at once, and a page render plus its stylesheet and scripts cost the sign-in ~0.3–1 s (issue 12).
 * The route checks everything again and sends anything not silent to the page (AUTHORIZE_PAGE_MARK).
 */
function simulatedSilentAuthorize(req: NextRequest): NextResponse | null {
  const u = req.nextUrl;
  if (req.method !== "GET" || u.pathname !== AUTHORIZE_PATH || u.searchParams.has(AUTHORIZE_PAGE_MARK)) return null;
  // qd_sim_wecom_user: SIM_USER_COOKIE.wecom (lib/vendors/sim/grant), the simulated client's signed-in person.
  if (u.searchParams.get("scope") !== "snsapi_base" || !req.cookies.has("qd_sim_wecom_user")) return null;
  if (!/wxwork/i.test(req.headers.get("user-agent") ?? "")) return null;
  return NextResponse.rewrite(new URL(`/api/sim/wecom/authorize${u.search}`, req.url));
}

/** The origins this app's pages are served from: APP_URL's; with APP_URL unset (the demo), also the request's own. */
function appOrigins(req: NextRequest): string[] {
  const configured = new URL(appUrl()).origin;
  return env().APP_URL ? [configured] : [configured, req.nextUrl.origin];
}

function refusal(r: Refusal): NextResponse {
  return NextResponse.json({ error: r.error, message: r.message }, { status: r.status, headers: { "cache-control": "no-store" } });
}

/** HSTS only when the app is served over https (APP_URL): it is the one header that depends on the deployment. */
function secured(res: NextResponse): NextResponse {
  if (appUrl().startsWith("https://")) res.headers.set("strict-transport-security", "max-age=31536000");
  return res;
}

/**
 * Only a top-level page load may start a sign-in: each start sets a new state cookie, so a router prefetch of a tab
 * link (`?_rsc=`, sent by a page still open when its session ended) would replace the state of the navigation in
 * flight, and that sign-in would then be refused as state_mismatch. Sec-Fetch-Mode is trusted when the client sends it.
 */
function isDocumentNavigation(req: NextRequest): boolean {
  if (req.nextUrl.searchParams.has("_rsc")) return false;
  if (["rsc", "next-router-prefetch", "next-router-segment-prefetch", "next-router-state-tree"].some((h) => req.headers.has(h))) return false;
  const mode = req.headers.get("sec-fetch-mode");
  return mode === null || mode === "navigate";
}

/**
 * Sign-in in as few hops as the client allows (issue 12), for a page opened with no session. Inside WeCom the
 * request is served by the OAuth start route (app/api/auth/wecom/start: state cookie + 302 into the authorize URL),
 * so the first answer is the redirect into OAuth, with no page or script first. Inside DingTalk, whose authCode
 * comes from a JS call, the request is served by the sign-in page (its silent flow), with no redirect first.
 * Either way `next` is the page opened, so the user lands there. Anywhere else (or for a client's RSC fetch, or a
 * vendor this deployment disabled): null, and the caller redirects to /login as before.
 */
function inClientSignIn(req: NextRequest, next: string): NextResponse | null {
  if (req.method !== "GET" || !isDocumentNavigation(req)) return null;
  const container = detectContainer(req.headers.get("user-agent"));
  const q = `next=${encodeURIComponent(next)}`;
  if (container === "wecom" && vendorEnabled("wecom")) return NextResponse.rewrite(new URL(`/api/auth/wecom/start?flow=oauth&${q}`, req.url));
  if (container === "dingtalk" && vendorEnabled("dingtalk")) return NextResponse.rewrite(new URL(`/login?${q}`, req.url));
  return null;
}

export async function proxy(req: NextRequest) {
  const sim = simulatorGate(req);
  if (sim && sim.status === 404) return secured(sim);
  const refused = refuseByHead({ method: req.method, pathname: req.nextUrl.pathname, headers: req.headers }, appOrigins(req)) ?? (await refuseActionBody(req));
  if (refused) {
    // Read a small body before answering: refusing while the client is still sending makes Node reset the
    // connection (ECONNRESET in the log) and the browser may see a network error instead of the 4xx.
    const length = Number(req.headers.get("content-length") ?? "NaN");
    if (req.body && !req.bodyUsed && length <= ACTION_BODY_LIMIT) await req.arrayBuffer().catch(() => undefined);
    return secured(refusal(refused));
  }
  const silentAuthorize = sim ? simulatedSilentAuthorize(req) : null;
  if (silentAuthorize) return secured(silentAuthorize);
  if (sim || PUBLIC_PATH.test(req.nextUrl.pathname)) return secured(NextResponse.next());
  const hasSession = SESSION_COOKIES.some((n) => req.cookies.has(n) || req.cookies.getAll().some((c) => c.name.startsWith(`${n}.`)));
  if (hasSession) return secured(NextResponse.next());
  const next = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  const inClient = inClientSignIn(req, next);
  if (inClient) return secured(inClient);
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return secured(NextResponse.redirect(url));
}

export const config = {
  // Pages (not static files), the sign-in pages (their server actions) and the API (its writes are origin-checked).
  matcher: ["/((?!_next/|favicon|robots|.*\\.[a-zA-Z0-9]+$).*)", "/api/:path*", "/sim/:path*"],
};
