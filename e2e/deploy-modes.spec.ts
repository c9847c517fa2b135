// Deployment modes on `next start` (issue 10 item 1): five app servers from the suite's build, each with its own
// database and fake vendor credentials whose APIs point at a closed local port (nothing leaves the machine):
// none (the demo), WeCom only, DingTalk only, both, and SIMULATOR=on beside WeCom (staging). For each: which
// /sim and /api/sim routes exist, which login buttons and login routes, what the callback routes do with events
// signed with the simulator's public keys, and the staging banner. The audit's exploit (plant a DingTalk user with
// the admin's employee number through /api/sim/org, then the simulated DingTalk login) is replayed against WeCom
// only. Databases: fresh PostgreSQL databases when DATABASE_URL is set, else fresh PGlite directories (read once the
// servers have stopped).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { Client } from "pg";
import { startApp, waitForHealth, type AppProcess } from "../bench/lib/server";
import { currentCallbackKeys } from "../lib/ingest/testing/keys";
import { SIM } from "../lib/vendors/config";
import { dingtalkSignedPost, dingtalkUserEvent } from "../lib/vendors/dingtalk/sender";
import { type SignedRequest, wecomContactEvent, wecomSignedPost } from "../lib/vendors/wecom/sender";
import { zoomParticipantEvent, zoomSignedPost } from "../lib/vendors/zoom/sender";
import { demoPeople, UA } from "./fixtures";

// Five app ports and one where nothing listens (the "real" vendor APIs, unreachable): E2E_DEPLOY_PORTS lists all six,
// else the six after E2E_PORT.
const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
const PORTS = (process.env.E2E_DEPLOY_PORTS ?? "").split(",").filter(Boolean).map(Number);
const [PORT_NONE, PORT_WECOM, PORT_DINGTALK, PORT_BOTH, PORT_STAGING, PORT_CLOSED] = PORTS.length === 6 ? PORTS : [1, 2, 3, 4, 5, 6].map((i) => E2E_PORT + i);
const CLOSED = `http://127.0.0.1:${PORT_CLOSED}`;

const WECOM = { WECOM_CORP_ID: "wwfakecorp000001", WECOM_AGENT_ID: "1000042", WECOM_SECRET: "fake-wecom-secret", WECOM_API_BASE: CLOSED };
const DINGTALK = {
  DINGTALK_CORP_ID: "dingfakecorp0001",
  DINGTALK_CLIENT_ID: "dingfakeappkey01",
  DINGTALK_CLIENT_SECRET: "fake-dingtalk-secret",
  DINGTALK_OAPI_BASE: CLOSED,
  DINGTALK_API_BASE: CLOSED,
};
// Whatever the shell running the suite has set, each server sees only its own mode's variables.
const BLANK = Object.fromEntries(
  [...Object.keys(WECOM), ...Object.keys(DINGTALK), "SIMULATOR", "SEED_DEMO", "WECOM_CALLBACK_TOKEN", "WECOM_CALLBACK_AES_KEY", "DINGTALK_CALLBACK_TOKEN", "DINGTALK_CALLBACK_AES_KEY", "DINGTALK_LOGIN_BASE", "ZOOM_WEBHOOK_SECRET", "DINGTALK_STREAM"].map((k) => [k, ""]),
);

type VendorMode = "real" | "simulated" | "disabled";
interface Mode {
  name: "none" | "wecom" | "dingtalk" | "both" | "staging";
  port: number;
  env: Record<string, string>;
  wecom: VendorMode;
  dingtalk: VendorMode;
  simulator: boolean;
  /** Seed the demo company before start (the admin the exploit aims at must exist). */
  seed?: boolean;
}
const MODES: Mode[] = [
  { name: "none", port: PORT_NONE, env: {}, wecom: "simulated", dingtalk: "simulated", simulator: true },
  { name: "wecom", port: PORT_WECOM, env: WECOM, wecom: "real", dingtalk: "disabled", simulator: false, seed: true },
  { name: "dingtalk", port: PORT_DINGTALK, env: DINGTALK, wecom: "disabled", dingtalk: "real", simulator: false },
  { name: "both", port: PORT_BOTH, env: { ...WECOM, ...DINGTALK }, wecom: "real", dingtalk: "real", simulator: false },
  { name: "staging", port: PORT_STAGING, env: { ...WECOM, SIMULATOR: "on" }, wecom: "real", dingtalk: "simulated", simulator: true },
];

interface Db {
  env: Record<string, string>;
  databaseUrl?: string;
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

async function freshDatabase(tag: string): Promise<Db> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `qd-e2e-deploy-${tag}-`));
    return {
      env: { PGLITE_DIR: dir, DATABASE_URL: "" },
      async query<T>(sql: string) {
        const pg = new PGlite(dir); // only once the app, the directory's one user, has stopped
        try {
          return (await pg.query<T>(sql)).rows;
        } finally {
          await pg.close();
        }
      },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${process.env.E2E_DEPLOY_DB_PREFIX ?? "qd_e2e_deploy"}_${tag}_${randomBytes(3).toString("hex")}`;
  const run = async (url: string, sql: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };
  await run(base, `CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    env: {},
    databaseUrl: u.toString(),
    query: async <T>(sql: string) => (await run(u.toString(), sql)) as T[],
    drop: async () => void (await run(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** `npm run db:seed` against the mode's database and configuration, before its server starts. */
function seedDemo(env: Record<string, string>, databaseUrl?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["db/seed-cli.ts"], {
      env: { ...process.env, ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += String(b)));
    child.once("exit", (code) => (code === 0 && /200 employees/.test(out) ? resolve() : reject(new Error(`seed failed (${code}): ${out}`))));
  });
}

interface Server {
  mode: Mode;
  base: string;
  app: AppProcess;
  db: Db;
}
const servers = new Map<Mode["name"], Server>();
const server = (name: Mode["name"]) => servers.get(name)!;

// The simulator's public keys, as anyone can read them in this repository.
const simKeys = currentCallbackKeys();
const admin = demoPeople().admin;

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ locale: "zh-CN" }); // zh-CN first: the banner is checked in the product's primary language

test.beforeAll(async () => {
  test.setTimeout(360_000); // five servers boot on a shared machine, one after seeding
  expect(simKeys.dingtalk.token).toBe(SIM.dingtalk.callbackToken); // the suite itself runs unconfigured
  const started = await Promise.allSettled(
    MODES.map(async (mode) => {
      const db = await freshDatabase(mode.name);
      const env = { ...BLANK, ...db.env, ...mode.env };
      if (mode.seed) await seedDemo(env, db.databaseUrl);
      const app = await startApp({ port: mode.port, databaseUrl: db.databaseUrl, env, waitForHealth: false });
      servers.set(mode.name, { mode, base: app.url, app, db }); // before the wait, so afterAll stops it whatever happens
      await waitForHealth(app.url, 180_000, app.child);
    }),
  );
  const failed = started.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  // SIGTERM, and SIGKILL for a server that has not exited within 15 s: none may outlive the suite.
  await Promise.all([...servers.values()].map((s) => Promise.race([s.app.stop(), new Promise((r) => setTimeout(r, 15_000)).then(() => s.app.kill())])));
  await Promise.all([...servers.values()].map((s) => s.db.drop()));
});

async function api(base: string): Promise<APIRequestContext> {
  // Origin: the server this context talks to (its writes are origin-checked against its own APP_URL).
  return playwrightRequest.newContext({ baseURL: base, maxRedirects: 0, extraHTTPHeaders: { "user-agent": UA.desktop, origin: base } });
}

async function send(ctx: APIRequestContext, r: SignedRequest) {
  return r.method === "GET" ? ctx.get(r.pathAndQuery, { headers: r.headers }) : ctx.post(r.pathAndQuery, { headers: r.headers, data: r.body ?? "" });
}

type Needs = "any" | "wecom" | "dingtalk" | "both";
interface SimRoute {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  needs: Needs;
  /** The status where the simulator serves it (404 everywhere else). */
  ok: number;
}
const cb = (base: string) => encodeURIComponent(`${base}/api/health`);
const SIM_ROUTES = (base: string): SimRoute[] => [
  { method: "GET", path: "/sim", needs: "any", ok: 200 },
  { method: "GET", path: "/sim/events", needs: "both", ok: 200 },
  { method: "GET", path: `/sim/wecom/connect/oauth2/authorize?appid=${SIM.wecom.corpId}&redirect_uri=${cb(base)}&response_type=code&scope=snsapi_base&state=s1&agentid=${SIM.wecom.agentId}`, needs: "wecom", ok: 200 },
  { method: "GET", path: `/sim/wecom/wwlogin/sso/login?login_type=CorpApp&appid=${SIM.wecom.corpId}&agentid=${SIM.wecom.agentId}&redirect_uri=${cb(base)}&state=s1`, needs: "wecom", ok: 200 },
  { method: "GET", path: `/sim/dingtalk/login/oauth2/auth?client_id=${SIM.dingtalk.clientId}&redirect_uri=${cb(base)}&response_type=code&scope=openid&state=s1&prompt=consent`, needs: "dingtalk", ok: 200 },
  { method: "GET", path: `/sim/dingtalk/inapp?corpId=${SIM.dingtalk.corpId}&return=/`, needs: "dingtalk", ok: 200 },
  { method: "GET", path: "/api/sim/org", needs: "any", ok: 200 },
  { method: "POST", path: "/api/sim/org", body: { op: "add_user", vendor: "dingtalk", user: { userid: "matrix01", name: "矩阵", jobNumber: "QD99999", departments: [1] } }, needs: "any", ok: 200 },
  { method: "GET", path: "/api/sim/stats", needs: "any", ok: 200 },
  { method: "GET", path: "/api/sim/faults", needs: "any", ok: 200 },
  { method: "POST", path: "/api/sim/faults", body: { vendor: "dingtalk", api: "/topapi/none", kind: "5xx", count: 1 }, needs: "any", ok: 200 },
  { method: "GET", path: "/api/sim/messages", needs: "any", ok: 200 },
  { method: "POST", path: "/api/sim/zoom/events", body: { event: "meeting.participant_joined", meetingId: "m-matrix", userId: "u1", drop: true }, needs: "any", ok: 200 },
  { method: "GET", path: `/api/sim/wecom/cgi-bin/gettoken?corpid=${SIM.wecom.corpId}&corpsecret=${SIM.wecom.secret}`, needs: "wecom", ok: 200 },
  { method: "POST", path: "/api/sim/wecom/sdk/verify", body: {}, needs: "wecom", ok: 200 },
  { method: "GET", path: `/api/sim/dingtalk/oapi/gettoken?appkey=${SIM.dingtalk.clientId}&appsecret=${SIM.dingtalk.clientSecret}`, needs: "dingtalk", ok: 200 },
  { method: "POST", path: "/api/sim/dingtalk/api/v1.0/oauth2/accessToken", body: { appKey: SIM.dingtalk.clientId, appSecret: SIM.dingtalk.clientSecret }, needs: "dingtalk", ok: 200 },
  { method: "GET", path: `/api/sim/dingtalk/inapp/authcode?corpId=${SIM.dingtalk.corpId}`, needs: "dingtalk", ok: 401 },
  { method: "GET", path: `/api/sim/dingtalk/oauth-grant?flow=pc&userid=${admin.dingtalkUserId}&redirect_uri=${cb(base)}&state=s1`, needs: "dingtalk", ok: 302 },
  { method: "GET", path: "/api/sim/dingtalk/stream", needs: "dingtalk", ok: 200 },
];

const available = (m: Mode, needs: Needs) =>
  m.simulator && (needs === "any" || (needs === "both" ? m.wecom === "simulated" && m.dingtalk === "simulated" : m[needs] === "simulated"));

for (const mode of MODES) {
  test(`${mode.name}: /sim and /api/sim routes exist only where the simulator may run`, async () => {
    const s = server(mode.name);
    const ctx = await api(s.base);
    const got: string[] = [];
    const want: string[] = [];
    for (const r of SIM_ROUTES(s.base)) {
      const res = r.method === "GET" ? await ctx.get(r.path) : await ctx.post(r.path, { data: r.body });
      got.push(`${r.method} ${r.path.split("?")[0]} → ${res.status()}`);
      want.push(`${r.method} ${r.path.split("?")[0]} → ${available(mode, r.needs) ? r.ok : 404}`);
    }
    expect(got).toEqual(want);
    await ctx.dispose();
  });

  test(`${mode.name}: login page offers only the enabled vendors; the staging banner only with SIMULATOR=on`, async ({ page }) => {
    const s = server(mode.name);
    await page.goto(`${s.base}/login`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("login-wecom-qr")).toHaveCount(mode.wecom === "disabled" ? 0 : 1);
    await expect(page.getByTestId("login-dingtalk-oauth")).toHaveCount(mode.dingtalk === "disabled" ? 0 : 1);
    if (mode.name === "staging") {
      await expect(page.getByTestId("simulator-banner")).toHaveText("模拟器已开启 — 仅限测试环境，请勿用于生产");
      await page.screenshot({ path: "test-results/deploy-modes-staging-login.png" });
    } else {
      await expect(page.getByTestId("simulator-banner")).toHaveCount(0);
    }
  });

  test(`${mode.name}: login routes redirect to the vendor (or its simulator) when enabled, 404 when disabled`, async () => {
    const s = server(mode.name);
    const ctx = await api(s.base);
    const where = async (p: string) => {
      const r = await ctx.get(p);
      return r.status() === 302 ? new URL(r.headers().location).origin + new URL(r.headers().location).pathname : r.status();
    };
    const expected = {
      wecomOauth: { real: "https://open.weixin.qq.com/connect/oauth2/authorize", simulated: `${s.base}/sim/wecom/connect/oauth2/authorize`, disabled: 404 }[mode.wecom],
      wecomQr: { real: "https://login.work.weixin.qq.com/wwlogin/sso/login", simulated: `${s.base}/sim/wecom/wwlogin/sso/login`, disabled: 404 }[mode.wecom],
      dingtalk: { real: "https://login.dingtalk.com/oauth2/auth", simulated: `${s.base}/sim/dingtalk/login/oauth2/auth`, disabled: 404 }[mode.dingtalk],
    };
    expect({
      wecomOauth: await where("/api/auth/wecom/start?flow=oauth&next=/"),
      wecomQr: await where("/api/auth/wecom/start?flow=qr&next=/"),
      dingtalk: await where("/api/auth/dingtalk/start?next=/"),
    }).toEqual(expected);
    // The other sign-in routes of a disabled vendor refuse before reading anything.
    const refused: Record<string, number> = {};
    if (mode.wecom === "disabled") refused["GET /api/auth/wecom/callback"] = (await ctx.get("/api/auth/wecom/callback?code=c&state=s")).status();
    if (mode.dingtalk === "disabled") {
      refused["GET /api/auth/dingtalk/callback"] = (await ctx.get("/api/auth/dingtalk/callback?authCode=c&state=s")).status();
      refused["POST /api/auth/dingtalk/start"] = (await ctx.post("/api/auth/dingtalk/start", { data: { next: "/" } })).status();
      refused["POST /api/auth/dingtalk/inapp"] = (await ctx.post("/api/auth/dingtalk/inapp", { data: { code: "c", state: "s" } })).status();
    }
    expect(Object.values(refused).every((x) => x === 404), JSON.stringify(refused)).toBe(true);
    expect(Object.keys(refused).length).toBe((mode.wecom === "disabled" ? 1 : 0) + (mode.dingtalk === "disabled" ? 3 : 0));
    await ctx.dispose();
  });

  test(`${mode.name}: callbacks signed with the simulator's public keys are taken only by simulated vendors`, async () => {
    const s = server(mode.name);
    const ctx = await api(s.base);
    const forged = {
      wecom: wecomSignedPost(simKeys.wecom, wecomContactEvent(simKeys.wecom.corpId, "delete_user", { UserID: admin.wecomUserId })),
      // The audit's forged departure of the admin.
      dingtalk: dingtalkSignedPost(simKeys.dingtalk, dingtalkUserEvent("user_leave_org", simKeys.dingtalk.corpId, [admin.dingtalkUserId], `forged-${mode.name}`)),
      zoom: zoomSignedPost(simKeys.zoom, zoomParticipantEvent("joined", `mu-${mode.name}`, "pu-1")),
    };
    const got = {
      wecom: (await send(ctx, forged.wecom)).status(),
      dingtalk: (await send(ctx, forged.dingtalk)).status(),
      zoom: (await send(ctx, forged.zoom)).status(),
    };
    expect(got).toEqual({
      wecom: mode.wecom === "simulated" ? 200 : 403,
      dingtalk: mode.dingtalk === "simulated" ? 200 : 403,
      zoom: mode.simulator ? 200 : 403,
    });
    if (mode.dingtalk === "disabled") {
      const r = await send(ctx, forged.dingtalk);
      expect([r.status(), (await r.json()).reason]).toEqual([403, "DingTalk is not enabled on this server"]);
    }
    await ctx.dispose();
  });
}

test("WeCom only: the audit's exploit (plant the admin's number in the DingTalk simulator, sign in through it) gets nowhere", async () => {
  const s = server("wecom");
  const ctx = await api(s.base);
  const plant = await ctx.post("/api/sim/org", {
    data: { op: "add_user", vendor: "dingtalk", user: { userid: "planted01", name: "冒名者", jobNumber: admin.employeeNo, departments: [1] } },
  });
  // Step by step as a browser would go, so that on a build with the hole each step succeeds.
  const start = await ctx.get("/api/auth/dingtalk/start?next=/console");
  const location = start.headers().location ?? "";
  const authorize = location ? new URL(location, s.base) : null;
  const grant = await ctx.get(
    `/api/sim/dingtalk/oauth-grant?flow=pc&userid=planted01&redirect_uri=${encodeURIComponent(authorize?.searchParams.get("redirect_uri") ?? `${s.base}/api/auth/dingtalk/callback`)}&state=${authorize?.searchParams.get("state") ?? "x"}`,
  );
  const back = grant.headers().location ?? `${s.base}/api/auth/dingtalk/callback?authCode=forged&state=x`;
  const callback = await ctx.get(back);
  const session = await (await ctx.get("/api/auth/session")).json().catch(() => null);
  expect({ plant: plant.status(), start: start.status(), grant: grant.status(), callback: callback.status(), session }).toEqual({
    plant: 404,
    start: 404,
    grant: 404,
    callback: 404,
    session: null,
  });
  await ctx.dispose();
});

test("nothing was written by the refused callbacks and logins, and the admin is still active", async () => {
  // PGlite allows one process per directory: stop the configured servers before reading their databases.
  await Promise.all(["wecom", "dingtalk", "both"].map((n) => server(n as Mode["name"]).app.stop()));
  const inbox = async (n: Mode["name"]) =>
    (await server(n).db.query<{ source: string; n: number }>("select source, count(*)::int as n from inbox_events group by source order by source")).map((r) => `${r.source}:${r.n}`);
  expect({ wecom: await inbox("wecom"), dingtalk: await inbox("dingtalk"), both: await inbox("both") }).toEqual({ wecom: [], dingtalk: [], both: [] });
  const logins = await server("wecom").db.query<{ n: number }>("select count(*)::int as n from login_attempts where provider = 'dingtalk'");
  expect(logins[0].n).toBe(0);
  const adminRow = await server("wecom").db.query<{ status: string }>(`select status from employees where employee_no = '${admin.employeeNo}'`);
  expect(adminRow).toEqual([{ status: "active" }]); // the demo company was seeded: the exploit had a target
});
