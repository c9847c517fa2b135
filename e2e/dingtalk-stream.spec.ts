// DingTalk Stream mode end to end on `next start`: a second app server (its own port and database) runs in simulator
// mode with DINGTALK_STREAM=1, so it hosts the simulated Stream gateway and its worker connects to it through the
// simulated POST /v1.0/gateway/connections/open, exactly as the dingtalk-stream SDK connects to DingTalk. Events
// pushed through the simulator arrive over the WebSocket, are stored, then acked; a lost ack, a dropped connection
// and a killed-and-restarted app all end in a redelivery that the inbox dedupes (one row per event, channel stream).
// Runs on the build the suite already made (NEXT_DIST_DIR), on PostgreSQL when DATABASE_URL is set (a fresh database
// beside the suite's), else on a fresh PGlite directory; the inbox is read from that database (PGlite: once the app
// has stopped). No browser.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { Client } from "pg";
import { startApp, type AppProcess } from "../bench/lib/server";

const PORT = Number(process.env.E2E_STREAM_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1000);
const BASE = `http://localhost:${PORT}`;

interface GatewayStatus {
  enabled: boolean;
  connections: number;
  pending: { eventId: string; attempts: number }[];
  acks: { eventId: string; status: string; attempt: number; at: string }[];
}

async function status(request: APIRequestContext): Promise<GatewayStatus> {
  return (await (await request.get(`${BASE}/api/sim/dingtalk/stream`)).json()) as GatewayStatus;
}

async function sim(request: APIRequestContext, body: Record<string, unknown>) {
  const r = await request.post(`${BASE}/api/sim/dingtalk/stream`, { data: body });
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()) as { ack?: string; eventId?: string };
}

async function connected(request: APIRequestContext) {
  await expect.poll(async () => (await status(request)).connections, { timeout: 20_000, message: "the Stream client connects" }).toBe(1);
}

interface InboxRow {
  dedupe_key: string;
  channel: string;
  event_type: string;
  received_at: Date | string;
}
const INBOX_SQL = "select dedupe_key, channel, event_type, received_at from inbox_events where source = 'dingtalk' order by id";

/** A fresh database on the suite's PostgreSQL (dropped afterwards), or a fresh PGlite directory. */
async function freshDatabase(): Promise<{ env: Record<string, string>; databaseUrl?: string; inbox(): Promise<InboxRow[]>; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-e2e-stream-pglite-"));
    return {
      env: { PGLITE_DIR: dir },
      async inbox() {
        const pg = new PGlite(dir); // only once the app, the directory's one user, has stopped
        try {
          return (await pg.query<InboxRow>(INBOX_SQL)).rows;
        } finally {
          await pg.close();
        }
      },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `qd_e2e_stream_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    env: {},
    databaseUrl: u.toString(),
    async inbox() {
      const c = new Client({ connectionString: u.toString() });
      await c.connect();
      try {
        return (await c.query<InboxRow>(INBOX_SQL)).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const a = new Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

test("DingTalk Stream mode: simulator → WebSocket → inbox, acked after storing; redelivery after a lost ack, a dropped connection and an app restart adds no row", async ({ request }) => {
  test.setTimeout(120_000);
  const db = await freshDatabase();
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qd-e2e-stream-gw-")), "gateway.json");
  const env = { ...db.env, DINGTALK_STREAM: "1", DINGTALK_SIM_STREAM_STATE_FILE: stateFile };
  const start = () => startApp({ port: PORT, databaseUrl: db.databaseUrl, env });
  let app: AppProcess | undefined = await start();
  const t0 = Date.now();
  try {
    expect((await status(request)).enabled).toBe(true);
    await connected(request);

    // 1. an event sent through the simulator arrives over the WebSocket; the client acks SUCCESS once stored
    expect((await sim(request, { op: "push", userIds: ["zhangsan"], eventId: "e2e-stream-a" })).ack).toBe("SUCCESS");

    // 2. the ack is lost on the way: the gateway pushes the event again, the inbox dedupes it
    await sim(request, { op: "redeliver_after", ms: 800 });
    await sim(request, { op: "drop_acks", count: 1 });
    expect((await sim(request, { op: "push", userIds: ["lisi"], eventId: "e2e-stream-b", wait: 10_000 })).ack).toBe("SUCCESS");
    expect((await status(request)).acks.filter((x) => x.eventId === "e2e-stream-b").map((x) => [x.status, x.attempt])).toEqual([
      ["dropped", 1],
      ["SUCCESS", 2],
    ]);

    // 3. the gateway drops the connection right after a push: the SDK reconnects (new ticket) and gets it again
    await sim(request, { op: "drop_acks", count: 1 });
    await sim(request, { op: "push", userIds: ["wangwu"], eventId: "e2e-stream-c", wait: 0 });
    await sim(request, { op: "terminate" });
    await expect
      .poll(async () => (await status(request)).acks.some((x) => x.eventId === "e2e-stream-c" && x.status === "SUCCESS"), { timeout: 15_000 })
      .toBe(true);
    await connected(request);

    // 4. the app is killed (SIGKILL) while an event is stored but unacked (its ack was lost, the retry far away);
    //    after the restart the gateway (state file) pushes it to the new connection: acked, still one row
    await sim(request, { op: "redeliver_after", ms: 600_000 });
    await sim(request, { op: "drop_acks", count: 1 });
    expect((await sim(request, { op: "push", userIds: ["zhaoliu"], eventId: "e2e-stream-d", wait: 1500 })).ack).toBe("timeout");
    const before = await status(request);
    expect(before.pending.map((p) => p.eventId)).toEqual(["e2e-stream-d"]);
    await app.kill();
    app = await start();
    await expect
      .poll(async () => (await status(request)).acks.filter((x) => x.eventId === "e2e-stream-d").map((x) => x.status), { timeout: 20_000 })
      .toEqual(["SUCCESS"]);
    const after = await status(request);
    expect(after.pending).toEqual([]);
    await app.stop(); // SIGTERM (PGlite: frees the directory for the read below)
    app = undefined;

    // The inbox: exactly one Stream row per event (four in all), each stored before the first ack of it was sent
    const acks = [...before.acks, ...after.acks];
    const rows = await db.inbox();
    expect(rows.map((r) => [r.dedupe_key, r.channel, r.event_type])).toEqual(
      ["a", "b", "c", "d"].map((x) => [`event:e2e-stream-${x}`, "stream", "user_add_org"]),
    );
    for (const r of rows) {
      const ackTimes = acks.filter((x) => `event:${x.eventId}` === r.dedupe_key).map((x) => Date.parse(x.at));
      expect(ackTimes.length, r.dedupe_key).toBeGreaterThan(0);
      expect(new Date(r.received_at).getTime(), `${r.dedupe_key} stored before its first ack`).toBeLessThanOrEqual(Math.min(...ackTimes));
    }
    console.log(`dingtalk-stream e2e: ${((Date.now() - t0) / 1000).toFixed(1)} s after the first boot`);
  } finally {
    await app?.stop();
    await db.drop().catch(() => undefined);
    fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
  }
});
