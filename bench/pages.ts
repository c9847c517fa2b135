// bench/pages.ts (`npm run bench -- pages`): what a phone pays for each workbench page, beside its floor.
// In one run it builds a bare Next.js page with the same Next and React (the floor), starts it and the app (the
// app's build from bench/run.ts), signs in as an employee inside WeCom through the simulator and prints per page:
// gzipped JavaScript (cold cache) for the page and the bare page, the difference, and LCP / total blocking time
// under a slow-phone profile (4× CPU slowdown, 1.6 Mbps, 150 ms latency) for both; then the silent sign-in from
// opening the app to the home page, for WeCom and DingTalk: time and how many requests reached our server.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { demoPeople, UA } from "../e2e/fixtures";
import { BARE_NEXT_PAGE_JS_BYTES, firstMeetingId, measurePageWeight, OVER_BARE_BUDGET_BYTES, workbenchPages } from "../e2e/page-weight";
import { createDatabase, startApp } from "./lib/server";

const PORT = Number(process.env.BENCH_PORT ?? 3442);
const BARE_PORT = PORT + 1;
const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 3);
const BARE_DIR = path.join(os.tmpdir(), `qd-bench-bare-${process.pid}`);
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * A bare App Router page (a layout and a heading, nothing else) in a temp dir, built with this checkout's next and
 * react: its node_modules is a hard-linked copy of ours (Turbopack refuses a node_modules symlinked from outside
 * its root, and a dir inside this checkout would be taken for part of the app).
 */
function buildBare(): void {
  fs.rmSync(BARE_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(BARE_DIR, "app"), { recursive: true });
  fs.writeFileSync(path.join(BARE_DIR, "package.json"), JSON.stringify({ name: "bare", private: true }));
  fs.writeFileSync(path.join(BARE_DIR, "next.config.js"), "module.exports = { turbopack: { root: __dirname } };\n");
  fs.writeFileSync(
    path.join(BARE_DIR, "app", "layout.js"),
    'export default function RootLayout({ children }) { return <html lang="zh-CN"><body>{children}</body></html>; }\n',
  );
  fs.writeFileSync(path.join(BARE_DIR, "app", "page.js"), "export default function Page() { return <main><h1>签到</h1><p>你好</p></main>; }\n");
  const cp = spawnSync("cp", ["-al", path.resolve("node_modules"), path.join(BARE_DIR, "node_modules")], { stdio: "inherit" });
  if (cp.status !== 0) throw new Error("could not link node_modules into the bare app");
  const b = spawnSync(path.join(BARE_DIR, "node_modules/.bin/next"), ["build"], { cwd: BARE_DIR, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: "" } });
  if (b.status !== 0) throw new Error("bare Next.js build failed");
}

async function startBare() {
  const child = spawn(path.join(BARE_DIR, "node_modules/.bin/next"), ["start", "-p", String(BARE_PORT)], { cwd: BARE_DIR, stdio: "ignore", env: { ...process.env, NEXT_DIST_DIR: "" } });
  const url = `http://localhost:${BARE_PORT}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) break; // the bare app has no /api/health
    if (i > 120 || child.exitCode !== null) throw new Error("bare app did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(BARE_DIR, { recursive: true, force: true });
    },
  };
}

/** LCP and total blocking time of one cold load under the slow-phone profile. */
async function slowPhoneLoad(context: BrowserContext, url: string): Promise<{ lcp: number; tbt: number }> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number; __longtasks: { start: number; duration: number }[] };
      w.__lcp = 0;
      w.__longtasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__lcp = e.startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(url, { waitUntil: "load", timeout: 120_000 });
    await page.waitForLoadState("networkidle", { timeout: 120_000 });
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const w = window as unknown as { __lcp: number; __longtasks: { start: number; duration: number }[] };
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
      const tbt = w.__longtasks.filter((t) => t.start >= fcp).reduce((n, t) => n + Math.max(0, t.duration - 50), 0);
      return { lcp: w.__lcp, tbt };
    });
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A context inside the simulated client (user agent + the simulator's "signed in to the client" cookie). */
async function clientContext(browser: Browser, baseURL: string, vendor: "wecom" | "dingtalk", userid: string) {
  const context = await browser.newContext({ userAgent: vendor === "wecom" ? UA.wecomMobile : UA.dingtalkMobile, viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: `qd_sim_${vendor}_user`, value: encodeURIComponent(userid), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/**
 * Opening the app signed out inside the client until the home page is loaded: time, and the requests that reached
 * our server on the way (documents, redirects, API calls), not static chunks, the simulated vendor's pages, or the
 * home page's link prefetches (which start after it has rendered).
 */
async function silentSignIn(browser: Browser, baseURL: string, vendor: "wecom" | "dingtalk", userid: string) {
  const context = await clientContext(browser, baseURL, vendor, userid);
  const page = await context.newPage();
  const ours: string[] = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.origin !== baseURL) return;
    // The favicon (app/icon.svg is the app's) is a static file the browser asks for by itself, like the chunks.
    if (/^\/(_next\/static|sim\/|api\/sim\/|favicon|icon\.svg)/.test(u.pathname)) return;
    if (r.headers()["next-router-prefetch"] || u.searchParams.has("_rsc")) return;
    ours.push(`${r.method()} ${u.pathname}`);
  });
  const t0 = Date.now();
  await page.goto(`${baseURL}/`);
  await page.waitForURL((u) => u.pathname === "/", { timeout: 30_000 });
  await page.getByTestId("viewer-name").waitFor({ timeout: 30_000 });
  const ms = Date.now() - t0;
  await context.close();
  return { ms, requests: ours.length, trail: ours };
}

async function main() {
  console.log("building the bare Next.js page …");
  buildBare();
  const dbh = await createDatabase("qd_bench_pages");
  const app = await startApp({ port: PORT, databaseUrl: dbh.url, env: { LOG_LEVEL: "error" } });
  const bare = await startBare();
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const { employee } = demoPeople();
    // Sign in once inside WeCom; the session cookie is reused by the cold-cache contexts below.
    const signIn = await clientContext(browser, app.url, "wecom", employee.wecomUserId);
    const p: Page = await signIn.newPage();
    await p.goto(`${app.url}/`);
    await p.getByTestId("viewer-name").waitFor({ timeout: 30_000 });
    const meetingId = await firstMeetingId(p, app.url);
    const state = await signIn.storageState();
    await signIn.close();

    const fresh = () => browser.newContext({ userAgent: UA.wecomMobile, viewport: { width: 390, height: 844 }, storageState: state });
    const bareCtx = await browser.newContext({ userAgent: UA.wecomMobile, viewport: { width: 390, height: 844 } });
    const bareWeight = await measurePageWeight(bareCtx, bare.url);
    const bareJs = bareWeight.jsGzipBytes;
    const bareLoads = [];
    for (let i = 0; i < RUNS; i++) bareLoads.push(await slowPhoneLoad(bareCtx, bare.url));
    await bareCtx.close();
    const bareLcp = median(bareLoads.map((l) => l.lcp));
    const bareTbt = median(bareLoads.map((l) => l.tbt));

    const kb = (n: number) => (n / 1024).toFixed(1);
    console.log(`\nbare Next.js page: ${bareJs} B = ${kb(bareJs)} KB JS (gzip), LCP ${bareLcp.toFixed(0)} ms, TBT ${bareTbt.toFixed(0)} ms (median of ${RUNS}, slow phone)`);
    if (bareJs !== BARE_NEXT_PAGE_JS_BYTES) console.log(`(e2e/page-weight.ts BARE_NEXT_PAGE_JS_BYTES is ${BARE_NEXT_PAGE_JS_BYTES}: update it if Next or React changed)`);
    console.log(`budget: at most ${kb(OVER_BARE_BUDGET_BYTES)} KB over the bare page; LCP within 1.25× of the bare page's\n`);
    console.log("| page | JS gzip KB | bare KB | Δ KB | LCP ms | bare LCP ms | LCP ratio | TBT ms | bare TBT ms | heavy libraries |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const pg of workbenchPages(meetingId)) {
      const ctx = await fresh();
      const w = await measurePageWeight(ctx, `${app.url}${pg.path}`);
      const loads = [];
      for (let i = 0; i < RUNS; i++) loads.push(await slowPhoneLoad(ctx, `${app.url}${pg.path}`));
      await ctx.close();
      const lcp = median(loads.map((l) => l.lcp));
      const tbt = median(loads.map((l) => l.tbt));
      // As in e2e/page-budget.spec.ts: the vendor JS-SDK a device page (scan, check-in) imports after hydration is
      // reported beside the page, not in its budget.
      const sdkBytes = w.scripts.filter((s) => s.libraries.some((l) => l === "@wecom/jssdk" || l === "dingtalk-jsapi")).reduce((n, s) => n + s.gzipBytes, 0);
      const own = w.jsGzipBytes - sdkBytes;
      const over = own - bareJs;
      console.log(
        `| ${pg.name} | ${kb(own)} | ${kb(bareJs)} | ${over >= 0 ? "+" : ""}${kb(over)}${over > OVER_BARE_BUDGET_BYTES ? " ✗" : ""} | ${lcp.toFixed(0)} | ${bareLcp.toFixed(0)} | ${(lcp / bareLcp).toFixed(2)}${lcp > 1.25 * bareLcp ? " ✗" : ""} | ${tbt.toFixed(0)} | ${bareTbt.toFixed(0)} | ${w.libraries.join(", ") || "–"}${sdkBytes ? ` (+ vendor JS-SDK ${kb(sdkBytes)} KB after hydration)` : ""} |`,
      );
      if (process.env.BENCH_PAGE_SCRIPTS === "1") for (const s of w.scripts) console.log(`    ${kb(s.gzipBytes).padStart(6)} KB  ${new URL(s.url).pathname}`);
    }

    console.log("\nsilent sign-in, signed out → home page (no throttling; requests = our server: not static chunks, the simulated vendor or prefetches):");
    console.log("| client | time ms (median) | requests of ours | trail |");
    console.log("|---|---:|---:|---|");
    for (const vendor of ["wecom", "dingtalk"] as const) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await silentSignIn(browser, app.url, vendor, vendor === "wecom" ? employee.wecomUserId : employee.dingtalkUserId));
      const best = runs[0];
      const ms = median(runs.map((r) => r.ms));
      const mark = vendor === "wecom" ? (best.requests <= 4 && ms < 1000 ? " ✓" : " ✗ (target: ≤ 4 requests, < 1 s)") : "";
      console.log(`| ${vendor} | ${ms} | ${best.requests}${mark} | ${best.trail.join(" → ")} |`);
    }
  } finally {
    await browser.close();
    await bare.stop();
    await app.stop();
    await dbh.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
