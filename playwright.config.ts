// e2e against the built app (`next start`): the embedded default unless DATABASE_URL is set.
import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
const chromium =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
// Each run gets its own PGlite directory unless DATABASE_URL points at PostgreSQL.
const pgliteDir = process.env.E2E_PGLITE_DIR ?? `.data/e2e-${port}`;

export default defineConfig({
  testDir: "./e2e",
  // Shards running at once (scripts/e2e-shards.mjs) each keep their own results: a run empties its output folder first.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    // State-changing API routes and server actions refuse a request without this app's Origin (proxy.ts);
    // page.request/request calls are not sent by a page, so they say where they come from here.
    extraHTTPHeaders: { Origin: baseURL },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `rm -rf ${pgliteDir} && npx next start -p ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PGLITE_DIR: pgliteDir,
      APP_URL: baseURL,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      CALLBACK_MAX_AGE_SECONDS: "300",
    },
  },
});
