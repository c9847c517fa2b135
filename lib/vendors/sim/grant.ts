// The simulated "user picked who they are" step of the vendors' login pages: issue a single-use code and
// redirect back exactly as the vendor does (WeCom: ?code=&state=; DingTalk PC: ?authCode=&state=).
import { appUrl } from "@/lib/env";
import { localPath } from "@/lib/http/local-path";
import { issueCode, simState, type SimVendor } from "./state";

export const SIM_USER_COOKIE: Record<SimVendor, string> = { wecom: "qd_sim_wecom_user", dingtalk: "qd_sim_dingtalk_user" };

/** Vendors only redirect to the app's trusted domain (WeCom 50001 otherwise): here, APP_URL's host. */
export function trustedRedirect(redirectUri: string | null | undefined): URL | null {
  if (!redirectUri) return null;
  let u: URL;
  try {
    u = new URL(redirectUri);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  const app = new URL(appUrl());
  const norm = (h: string) => (h === "127.0.0.1" ? "localhost" : h);
  return norm(u.hostname) === norm(app.hostname) && u.port === app.port ? u : null;
}

/** A safe same-origin path to return to (in-app pickers): relative paths only. */
export function safeReturnPath(p: string | null | undefined): string {
  return localPath(p) ?? "/"; // "/\evil.example" and "/%09/evil.example" are other origins to a browser
}

export type GrantResult = { ok: true; location: string; userId: string } | { ok: false; status: number; reason: string };

export function grant(vendor: SimVendor, flow: "oauth" | "sso" | "pc", userId: string, redirectUri: string | null, state: string | null): GrantResult {
  const target = trustedRedirect(redirectUri);
  if (!target) return { ok: false, status: 400, reason: "redirect_uri is not on the app's trusted domain (50001)" };
  const user = simState().directory[vendor].users.get(userId);
  if (!user) return { ok: false, status: 400, reason: "unknown user" };
  const code = issueCode(vendor, flow, userId);
  if (vendor === "dingtalk") target.searchParams.set("authCode", code);
  else target.searchParams.set("code", code);
  if (state !== null) target.searchParams.set("state", state);
  return { ok: true, location: target.toString(), userId };
}

export function userCookie(vendor: SimVendor, userId: string): string {
  return `${SIM_USER_COOKIE[vendor]}=${encodeURIComponent(userId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`;
}

export function readCookie(req: Request, name: string): string | null {
  const raw = req.headers.get("cookie") ?? "";
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}
