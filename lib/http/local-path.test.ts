import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { localPath } from "./local-path";
import { safeNext } from "@/lib/auth/login-flow";
import { safeReturnPath } from "@/lib/vendors/sim/grant";

// Every case a browser (Chromium's URL parser strips tab/CR/LF and reads "\" as "/") or one more decode could send
// to another origin.
const refused: [name: string, raw: unknown][] = [
  ["protocol-relative", "//evil.example"],
  ["encoded slash then dot-dot (one decode gives //..)", "/%2f/.."],
  ["backslash", "/\\evil.example"],
  ["backslash later", "/a\\b"],
  ["absolute https", "https://evil.example"],
  ["javascript:", "javascript:alert(1)"],
  ["raw tab", "/\t/evil.example"],
  ["raw LF", "/\n/evil.example"],
  ["raw CR", "/\r/evil.example"],
  ["raw NUL", "/\u0000/x"],
  ["raw DEL", "/\u007f/x"],
  ["encoded tab", "/%09/evil.example"],
  ["encoded LF", "/%0a/evil.example"],
  ["encoded LF upper", "/%0A/x"],
  ["encoded CR", "/%0d/evil.example"],
  ["encoded backslash", "/%5cevil.example"],
  ["double-encoded tab", "/%2509/evil.example"],
  ["encoded slash pair", "/%2f/evil.example"],
  ["encoded slash pair upper", "/%2F%2Fevil.example"],
  ["line separator", "/\u2028/x"],
  ["malformed escape", "/%zz"],
  ["empty", ""],
  ["relative", "meetings"],
  ["too long", `/${"a".repeat(512)}`],
  ["null", null],
  ["number", 5],
];
const kept: [name: string, raw: string][] = [
  ["root", "/"],
  ["page with query", "/meetings?id=3"],
  ["hash", "/console/people/7#roles"],
  ["encoded query value", "/console/people?q=%E5%BC%A0%E4%B8%89"],
  ["encoded space", "/a%20b"],
  ["slash inside query", "/x?next=//evil.example"],
];

describe("localPath", () => {
  it.each(refused)("refuses %s", (_name, raw) => expect(localPath(raw)).toBeNull());
  it.each(kept)("keeps %s", (_name, raw) => expect(localPath(raw)).toBe(raw));

  it("never keeps anything that resolves to another origin once browsers strip tab/CR/LF and read \\ as /", () => {
    const pieces = fc.constantFrom("/", "\\", "\t", "\n", "\r", "%09", "%0a", "%0d", "%5c", "%2f", "evil.example", "a", ".", ":", "@", "?", "#");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const raw = parts.join("");
        const kept = localPath(raw);
        if (kept === null) return;
        const browser = kept.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
        const once = decodeURIComponent(browser).replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
        for (const form of [browser, once]) expect(new URL(form, "https://app.example").origin).toBe("https://app.example");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("safeNext (sign-in) and the simulator's return path", () => {
  it.each(refused)("safeNext refuses %s", (_name, raw) => expect(safeNext(raw)).toBe("/"));
  it.each(refused.filter(([, r]) => typeof r === "string" || r === null) as [string, string | null][])(
    "safeReturnPath refuses %s",
    (_name, raw) => expect(safeReturnPath(raw)).toBe("/"),
  );
  it("keeps app paths, but never the sign-in pages themselves", () => {
    expect(safeNext("/meetings?id=3")).toBe("/meetings?id=3");
    expect(safeNext("/login?next=/x")).toBe("/");
    expect(safeNext("/login")).toBe("/");
    expect(safeNext("/api/auth/signout")).toBe("/");
    expect(safeNext("/loginfo")).toBe("/loginfo");
    expect(safeReturnPath("/sim?x=1")).toBe("/sim?x=1");
  });
});
