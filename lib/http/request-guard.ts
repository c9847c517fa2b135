// Cross-site request forgery and malformed server-action requests, refused in the proxy before any route or action
// runs (proxy.ts). Pure functions of the request's method, path and headers (and, for server actions, the body),
// so they are unit-tested without a server.
//
// - State-changing API routes (POST/PUT/PATCH/DELETE under /api) answer only to this app's pages: the browser's
//   Origin must be APP_URL's origin (or, with no Origin, Sec-Fetch-Site must say same-origin); anything else is a
//   403 with the reason. Exempt: callers that prove themselves otherwise — vendor callbacks and webhooks
//   (signatures), the pull/push API /api/v1 (Bearer keys), the simulator's control endpoints (/api/sim, never live
//   beside a real vendor), and Auth.js's own endpoints (its double-submit CSRF token).
// - Server actions (any POST to a page): the same Origin rule — Next 16 lets a request without Origin through and
//   answers a foreign one with a 500 — plus the limits Next enforces only after it has started (a body over 1 MB,
//   or one React cannot decode, was a 500): a length is required and at most 1 MB, a fetch action's body must be
//   React's JSON text or multipart form data that parses.

export const ACTION_BODY_LIMIT = 1024 * 1024; // Next's default serverActions.bodySizeLimit (next.config sets none)

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const EXEMPT_API = /^\/api\/(callbacks|webhooks|v1|sim)(\/|$)|^\/api\/auth\/(signin|signout|callback|session|csrf|providers|error|verify-request|webauthn-options)(\/|$)/;

export interface Refusal {
  status: 400 | 403 | 411 | 413 | 415;
  error: "bad_request" | "forbidden" | "length_required" | "payload_too_large" | "unsupported_media_type";
  message: string;
}

interface RequestHead {
  method: string;
  pathname: string;
  headers: Headers;
}

const clipped = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** Why this request's origin is not one of `allowed` (exact origins, "https://host[:port]"), or null when it is. */
export function foreignOrigin(headers: Headers, allowed: readonly string[]): string | null {
  const origin = headers.get("origin");
  if (origin !== null) return allowed.includes(origin) ? null : `cross-origin request refused: Origin ${clipped(origin)} is not ${allowed[0]}`;
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin") return null;
  if (site !== null) return `cross-origin request refused: Sec-Fetch-Site ${clipped(site)} (no Origin)`;
  return "cross-origin request refused: the Origin header is missing";
}

export type GuardKind = "api" | "action" | null;

/** Which rule applies: an origin-checked API write, a page POST (server action), or none. */
export function guardKind(method: string, pathname: string): GuardKind {
  const m = method.toUpperCase();
  if (pathname === "/api" || pathname.startsWith("/api/")) return STATE_CHANGING.has(m) && !EXEMPT_API.test(pathname) ? "api" : null;
  if (pathname.startsWith("/_next/")) return null;
  return m === "POST" ? "action" : null;
}

/** The checks that need only the request line and headers. */
export function refuseByHead(req: RequestHead, allowedOrigins: readonly string[]): Refusal | null {
  const kind = guardKind(req.method, req.pathname);
  if (!kind) return null;
  const foreign = foreignOrigin(req.headers, allowedOrigins);
  if (foreign) return { status: 403, error: "forbidden", message: foreign };
  if (kind === "api") return null;
  const length = req.headers.get("content-length");
  if (length === null || !/^\d{1,12}$/.test(length)) return { status: 411, error: "length_required", message: "a server action needs a Content-Length" };
  if (Number(length) > ACTION_BODY_LIMIT) return { status: 413, error: "payload_too_large", message: `a server action body must not exceed ${ACTION_BODY_LIMIT} bytes (1 MB)` };
  if (!req.headers.has("next-action")) return null; // a plain form post (no JavaScript): Next decodes it below
  const type = mediaType(req.headers);
  if (type !== "text/plain" && type !== "multipart/form-data") return { status: 415, error: "unsupported_media_type", message: "a server action body is text/plain (JSON) or multipart/form-data" };
  return null;
}

/** Whether the server-action body can be decoded at all: React's reply is JSON text or multipart form data. */
export async function refuseActionBody(req: Request): Promise<Refusal | null> {
  if (guardKind(req.method, new URL(req.url).pathname) !== "action") return null;
  const type = mediaType(req.headers);
  const bad = (message: string): Refusal => ({ status: 400, error: "bad_request", message });
  if (type === "multipart/form-data") {
    try {
      await req.formData();
    } catch {
      return bad("server action body is not valid multipart/form-data");
    }
    return null;
  }
  if (!req.headers.has("next-action")) return null;
  let text: string;
  try {
    text = await req.text();
  } catch {
    return bad("server action body could not be read");
  }
  if (text.length > ACTION_BODY_LIMIT) return { status: 413, error: "payload_too_large", message: `a server action body must not exceed ${ACTION_BODY_LIMIT} bytes (1 MB)` };
  try {
    JSON.parse(text);
  } catch {
    return bad("server action body is not the JSON React sends");
  }
  return null;
}

export function mediaType(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** JSON routes take application/json (or a +json type) only: a form or text/plain body is a 415. */
export function isJsonMediaType(headers: Headers): boolean {
  const t = mediaType(headers);
  return t === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(t);
}
