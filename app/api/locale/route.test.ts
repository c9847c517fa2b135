import { describe, expect, it } from "vitest";
import { POST } from "./route";

const post = (body: BodyInit, type: string, extra: Record<string, string> = {}, url = "http://localhost:3000/api/locale") =>
  POST(new Request(url, { method: "POST", body, headers: { "content-type": type, ...extra } }));

describe("POST /api/locale", () => {
  it("sets an HttpOnly, SameSite=Lax locale cookie for a supported language", async () => {
    const res = await post(JSON.stringify({ locale: "en" }), "application/json");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^locale=en;/);
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toContain("Secure");
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const res = await post(JSON.stringify({ locale: "zh-CN" }), "application/json", { "x-forwarded-proto": "https" });
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  it("refuses an unknown language or a broken body with 400 and sets nothing", async () => {
    for (const res of [await post(JSON.stringify({ locale: "fr" }), "application/json"), await post("{", "application/json")]) {
      expect(res.status).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });

  it("answers a form post with a redirect back to a same-origin page only", async () => {
    const same = await post("locale=en", "application/x-www-form-urlencoded", { referer: "http://localhost:3000/me?x=1" });
    expect(same.status).toBe(303);
    expect(same.headers.get("location")).toBe("/me?x=1");
    const foreign = await post("locale=en", "application/x-www-form-urlencoded", { referer: "https://evil.example/steal" });
    expect(foreign.headers.get("location")).toBe("/me");
  });
});
