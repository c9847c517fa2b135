// JS-SDK signatures (wecom.md §6; dingtalk.md §7): sha1_hex of exactly
//   "jsapi_ticket=" + ticket + "&noncestr=" + nonce + "&timestamp=" + ts + "&url=" + url
// fixed key order, raw values (no URL-encoding), url = the full page URL without "#fragment".
import { createHash, randomBytes } from "node:crypto";

export interface SignInput {
  ticket: string;
  nonceStr: string;
  timestamp: string | number;
  url: string;
}

export function jsapiSignString({ ticket, nonceStr, timestamp, url }: SignInput): string {
  return `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
}

export function jsapiSignature(input: SignInput): string {
  return createHash("sha1").update(jsapiSignString(input), "utf8").digest("hex");
}

export function nonce(): string {
  return randomBytes(12).toString("base64url");
}

export class ForeignUrlError extends Error {}

/**
 * The URL to sign for a page of this app: must be on APP_URL's origin (scheme, host, port), else ForeignUrlError.
 * The fragment is cut from the string as given; the rest (path and query) is signed exactly as the page has it,
 * since the vendor recomputes it from the page's own location.
 */
export function urlToSign(raw: string, appOrigin: string): string {
  const withoutFragment = raw.split("#")[0];
  let u: URL;
  try {
    u = new URL(withoutFragment);
  } catch {
    throw new ForeignUrlError("not an absolute URL");
  }
  const app = new URL(appOrigin);
  const norm = (h: string) => (h === "127.0.0.1" ? "localhost" : h);
  if (u.protocol !== app.protocol || norm(u.hostname) !== norm(app.hostname) || u.port !== app.port) {
    throw new ForeignUrlError("URL is not on this app's origin");
  }
  if (u.username || u.password) throw new ForeignUrlError("URL carries credentials");
  return withoutFragment;
}
