// Where a redirect may send the browser back to: a path on this app, and nothing a browser could read as another
// origin. Browsers strip tab/CR/LF anywhere in a URL and treat "\" as "/", so "/\t/evil.example" and
// "/\evil.example" land on //evil.example; encoded forms (%09, %0a, %0d, %5c) are refused too, because one more
// decode anywhere on the way (a proxy, a second redirect) turns them into the raw characters.
const BASE = "http://local.invalid";
const RAW_BAD = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/;
const ENCODED_BAD = /%(?:[01][0-9a-f]|7f|5c|25)/i; // C0 controls, DEL, backslash, and a double-encoded "%"
export const MAX_LOCAL_PATH = 512;

/** `raw` if it is a same-origin path ("/x?y#z") that no browser or decoder turns into another origin, else null. */
export function localPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LOCAL_PATH) return null;
  if (!raw.startsWith("/") || raw.startsWith("//") || RAW_BAD.test(raw) || ENCODED_BAD.test(raw)) return null;
  let url: URL;
  let decoded: string;
  try {
    url = new URL(raw, BASE);
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // "/%2f/..": the URL parser folds it to "/", but one decode of the raw text gives "//..", another origin.
  try {
    if (decodeURIComponent(raw).startsWith("//")) return null;
  } catch {
    return null;
  }
  // "/%2f/evil.example": a server or router that decodes the path before redirecting would emit //evil.example.
  if (decoded.startsWith("//") || RAW_BAD.test(decoded)) return null;
  return raw;
}
