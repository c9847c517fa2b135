import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { GET } from "./route";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

const scrape = (auth?: string) => GET(new Request("http://localhost/api/metrics", { headers: auth ? { authorization: auth } : {} }));

describe("GET /api/metrics", () => {
  it("is open without METRICS_TOKEN (for a private monitoring network)", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    resetEnvForTests();
    const r = await scrape();
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("# TYPE");
  });

  it("with METRICS_TOKEN: 401 without or with a wrong bearer token, 200 with the right one", async () => {
    vi.stubEnv("METRICS_TOKEN", "s3cret-scrape-token");
    resetEnvForTests();
    for (const bad of [undefined, "Bearer wrong", "Basic czNjcmV0", "Bearer s3cret-scrape-tokenX", "Bearer "]) {
      const r = await scrape(bad);
      expect(r.status, String(bad)).toBe(401);
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
      expect(await r.text()).not.toContain("s3cret");
    }
    const ok = await scrape("Bearer s3cret-scrape-token");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE");
  });
});
