// Zoom reconciliation: a deliberately dropped webhook is filled from the simulator's participants report (Server-to-
// Server OAuth token, next_page_token paging, 429 Retry-After honoured), through the inbox (channel "pull", natural
// key); a re-pull adds nothing; sync_runs holds the differences and the watermark.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyZoomPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { SIM } from "@/lib/vendors/config";
import { expireZoomSimTokens, recordZoomEvent, resetZoomSim, zoomSimCalls, zoomSimRateLimit, zoomSimulatorFetch } from "@/lib/vendors/sim/zoom";
import { retryAfterMs, zoomReportClient, zoomS2STokenSource } from "@/lib/vendors/zoom/client";
import { zoomSignedPost } from "@/lib/vendors/zoom/sender";
import { reconcileWatermarks, runReconcile } from "./run";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const BASE = "http://localhost/api/sim/zoom";
const sleeps: number[] = [];
function makeClient(pageSize = 300) {
  const tokens = zoomS2STokenSource({ oauthBase: BASE, accountId: SIM.zoom.accountId, clientId: SIM.zoom.clientId, clientSecret: SIM.zoom.clientSecret, fetch: zoomSimulatorFetch });
  return zoomReportClient({
    baseUrl: BASE,
    accessToken: tokens,
    fetch: zoomSimulatorFetch,
    pageSize,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

const MEETING = "85099887766";

function participantEvent(kind: "joined" | "left", who: string, atMs: number) {
  const iso = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    event: `meeting.participant_${kind}`,
    event_ts: atMs,
    payload: {
      account_id: "simzoomaccount",
      object: {
        id: MEETING,
        uuid: "abcUUID==",
        topic: "Zoom 周会",
        start_time: new Date(atMs - 60_000).toISOString(),
        duration: 60,
        participant: {
          user_id: `1600${who.slice(1)}`,
          participant_user_id: `pu-${who}`,
          user_name: `用户${who}`,
          email: `${who}@example.com`,
          ...(kind === "joined" ? { join_time: iso } : { leave_time: iso }),
        },
      },
    },
  };
}

async function send(envelope: ReturnType<typeof participantEvent>, deliver: boolean) {
  recordZoomEvent(envelope);
  if (!deliver) return;
  const signed = zoomSignedPost(SIM.zoom.webhookSecret, envelope);
  const r = verifyZoomPost(new Headers(signed.headers), signed.body!, SIM.zoom.webhookSecret);
  if (r.kind !== "event") throw new Error("expected an event");
  await storeInboxEvent(t.database.db, r.event);
}

beforeEach(() => {
  sleeps.length = 0;
});

describe("Zoom reconciliation", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5000);
    expect(retryAfterMs(null)).toBeNull();
  });

  it("fills the dropped join from the report (paged, after a 429) and a re-pull adds nothing", async () => {
    const db = t.database.db;
    resetZoomSim();
    const emp = (await db.execute(sql`
      INSERT INTO employees (employee_no, name) VALUES ('Z001','周一'),('Z002','吴二'),('Z003','郑三') RETURNING id, employee_no`)) as unknown as { rows: { id: number; employee_no: string }[] };
    for (const [i, e] of emp.rows.entries()) {
      await db.execute(sql`INSERT INTO identities (provider, external_id, employee_id, matched_by) VALUES ('zoom', ${`pu-z${i + 1}`}, ${e.id}, 'seed')`);
    }
    const t0 = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
    await send(participantEvent("joined", "z1", t0), true);
    await send(participantEvent("joined", "z2", t0 + 60_000), true);
    await send(participantEvent("joined", "z3", t0 + 120_000), false); // the webhook that never arrived
    await send(participantEvent("left", "z1", t0 + 20 * 60_000), true);
    while ((await processInboxBatch(db)) > 0);

    const meeting = (await db.execute(sql`SELECT id FROM meetings WHERE source = 'zoom' AND external_id = ${MEETING}`)) as unknown as { rows: { id: number }[] };
    expect(meeting.rows).toHaveLength(1);
    const meetingId = Number(meeting.rows[0].id);
    const present = async () =>
      ((await db.execute(sql`
        SELECT e.employee_no FROM meeting_attendance a JOIN employees e ON e.id = a.employee_id
         WHERE a.meeting_id = ${meetingId} AND a.first_join_at IS NOT NULL ORDER BY e.employee_no`)) as unknown as { rows: { employee_no: string }[] }).rows.map((r) => r.employee_no);
    expect(await present()).toEqual(["Z001", "Z002"]);

    // Two participants per page → two pages; the first report call is rate limited (Retry-After: 2).
    zoomSimRateLimit(1, 2);
    const before = zoomSimCalls();
    const client = makeClient(2);
    const run = await runReconcile(db, { source: "zoom", meetingId }, { zoom: { client } });
    expect(run.status).toBe("succeeded");
    expect(sleeps).toEqual([2000]);
    const after = zoomSimCalls();
    expect(after.rateLimited - before.rateLimited).toBe(1);
    expect(after.report - before.report).toBe(3); // 429 + page 1 + page 2
    expect(after.token - before.token).toBe(1); // one token for the whole run
    expect(after.instances - before.instances).toBe(1); // the meeting number → the UUID of the instance nearest our start
    expect(run.added).toBe(1);
    expect(run.details).toMatchObject({ meetings: 1, checked: 1, participants: 3, alreadyKnown: 3, differences: [{ meetingId, vendorMeetingId: MEETING, added: 1 }] });

    const pulled = (await db.execute(sql`SELECT event_type, dedupe_key FROM inbox_events WHERE channel = 'pull'`)) as unknown as { rows: { event_type: string; dedupe_key: string }[] };
    expect(pulled.rows).toEqual([{ event_type: "meeting.participant_joined", dedupe_key: `pull:${MEETING}::pu-z3:joined:${(t0 + 120_000) / 1000}` }]);
    while ((await processInboxBatch(db)) > 0);
    expect(await present()).toEqual(["Z001", "Z002", "Z003"]);

    // Re-pull (with a token the simulator has forgotten: one refresh on 401): nothing new.
    expireZoomSimTokens();
    const tokenCalls = zoomSimCalls().token;
    const again = await runReconcile(db, { source: "zoom", meetingId }, { zoom: { client } });
    expect(again.status).toBe("succeeded");
    expect(zoomSimCalls().token - tokenCalls).toBe(1);
    expect(again.added).toBe(0);
    expect(again.details).toMatchObject({ alreadyKnown: 4, differences: [] });
    const count = (await db.execute(sql`SELECT count(*)::int AS n FROM inbox_events WHERE source = 'zoom'`)) as unknown as { rows: { n: number }[] };
    expect(count.rows[0].n).toBe(4);
  });

  it("gives up on a Retry-After beyond the bound and records the failure without a watermark", async () => {
    const db = t.database.db;
    zoomSimRateLimit(1, 3600);
    const failed = await runReconcile(db, { source: "zoom", days: 7 }, { zoom: { client: makeClient() } });
    expect(failed.status).toBe("failed");
    expect(failed.watermark).toBeNull();
    expect(failed.errors[0]).toMatch(/429/);
    expect(sleeps).toEqual([]);

    const now = new Date();
    const ok = await runReconcile(db, { source: "zoom", days: 7 }, { zoom: { client: makeClient() }, now });
    expect(ok.status).toBe("succeeded");
    expect(ok.added).toBe(0);
    expect(ok.watermark?.getTime()).toBeLessThanOrEqual(now.getTime());
    const marks = await reconcileWatermarks(db);
    expect(marks.map((m) => m.source)).toEqual(["tencent_meeting", "zoom", "wecom"]);
    const z = marks.find((m) => m.source === "zoom")!;
    expect(z.completeUpTo).toBe(ok.watermark!.toISOString());
    expect(z.lastStatus).toBe("succeeded");

    const notConfigured = await runReconcile(db, { source: "zoom", days: 1 }, { zoom: null });
    expect(notConfigured.status).toBe("failed");
    expect(notConfigured.errors[0]).toMatch(/not configured/);
  });
});
