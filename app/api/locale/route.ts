// Switch the interface language: sets the `locale` cookie that i18n/request.ts reads. JSON from the language
// switch on /me, or a plain form post (works without JavaScript: answered with a redirect back).
import { z } from "zod";
import { locales } from "@/i18n/messages";

const body = z.object({ locale: z.enum(locales) });
const ONE_YEAR = 60 * 60 * 24 * 365;

function cookieFor(locale: string, secure: boolean): string {
  return [`locale=${locale}`, "Path=/", `Max-Age=${ONE_YEAR}`, "SameSite=Lax", "HttpOnly", ...(secure ? ["Secure"] : [])].join("; ");
}

function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

/** Only a same-origin path is a safe place to send the browser back to. */
function backPath(req: Request): string {
  const referer = req.headers.get("referer");
  if (!referer) return "/me";
  try {
    const r = new URL(referer);
    return r.host === new URL(req.url).host ? `${r.pathname}${r.search}` : "/me";
  } catch {
    return "/me";
  }
}

export async function POST(req: Request): Promise<Response> {
  const type = req.headers.get("content-type") ?? "";
  const isForm = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
  let raw: unknown;
  try {
    raw = isForm ? Object.fromEntries((await req.formData()).entries()) : await req.json();
  } catch {
    return Response.json({ error: "bad_request", message: "body must be JSON {\"locale\": \"zh-CN\" | \"en\"} or a form" }, { status: 400 });
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) {
    return Response.json({ error: "bad_request", message: `locale must be one of: ${locales.join(", ")}` }, { status: 400 });
  }
  const cookie = cookieFor(parsed.data.locale, isHttps(req));
  if (isForm) return new Response(null, { status: 303, headers: { location: backPath(req), "set-cookie": cookie } });
  return Response.json({ locale: parsed.data.locale }, { headers: { "set-cookie": cookie } });
}
