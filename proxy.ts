// Next 16 proxy (formerly middleware): it only redirects. Anonymous visitors of app pages go to /login (which
// starts the silent vendor flow inside WeCom/DingTalk). It checks the session cookie's presence only; who may
// read what is decided where data is read (lib/auth/session + lib/auth/scope).
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((n) => req.cookies.has(n) || req.cookies.getAll().some((c) => c.name.startsWith(`${n}.`)));
  if (hasSession) return NextResponse.next();
  const url = req.nextUrl.clone();
  const next = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  url.pathname = "/login";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API, the simulator, the sign-in pages or static files.
  matcher: ["/((?!api/|sim(?:/|$)|login|_next/|favicon|robots|.*\\.[a-zA-Z0-9]+$).*)"],
};
