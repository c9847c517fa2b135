// Reconciliation fills a deliberately dropped Tencent Meeting webhook from the simulator's participants API,
// through the inbox (channel "pull", natural key), and a re-pull adds nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyTencentMeetingPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { SIM } from "@/lib/vendors/config";
import { recordTencentMeetingEvent, resetTencentMeetingSim, setTencentMeetingSimRateLimit, TM_SIM_CALLS_PER_MINUTE, TM_SIM_REST } from "@/lib/vendors/sim/tencent-meeting-state";
import { tencentRestHeaders, tencentRestSignature, tencentRestStringToSign } from "@/lib/vendors/tencent-meeting/client";
import { tencentMeetingSignedPost } from "@/lib/vendors/tencent-meeting/sender";
import { reconcileWatermarks, runReconcile } from "./run";
import { TM_SIM_BASE, tencentSimClient, tencentSimFetch } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const SIM_BASE = TM_SIM_BASE;
const simFetch = tencentSimFetch;
const client = tencentSimClient();
const keys = { token: SIM.tencentMeeting.token, aesKey: SIM.tencentMeeting.aesKey };

function participantEvent(kind: "joined" | "left", userid: string, at: number) {
  return {
    event: `meeting.participant-${kind}`,
    trace_id: `trace-${userid}-${kind}-${at}`,
    payload: [
      {
        operate_time: at,
        operator: { userid, uuid: `uuid-${userid}`, user_name: `用户${userid}`, instance_id: "1" },
        meeting_info: { meeting_id: "tm-7001", meeting_code: "800100200", subject: "产品评审会", start_time: Math.floor(at / 1000) - 120, end_time: Math.floor(at / 1000) + 3600 },
      },
    ],
  };
}

/** What the simulator does: record the event (its participants list), then deliver it through our webhook path. */
async function send(envelope: ReturnType<typeof participantEvent>, deliver: boolean) {
  recordTencentMeetingEvent(envelope);
  if (!deliver) return;
  const signed = tencentMeetingSignedPost(keys, envelope);
  const event = verifyTencentMeetingPost(new Headers(signed.headers), signed.body!, keys);
  await storeInboxEvent(t.database.db, event);
}

describe("Tencent Meeting reconciliation", () => {
  it("signs REST requests the way the simulator (and tm 58768) verifies them", async () => {
    const bad = await simFetch(`${SIM_BASE}/v1/meetings/x/participants?userid=a`, { headers: { "x-tc-key": TM_SIM_REST.secretId, "x-tc-timestamp": String(Math.floor(Date.now() / 1000)), "x-tc-nonce": "1", "x-tc-signature": "forged" } });
    expect(bad.status).toBe(401);
    // Stable string-to-sign: method, header string, uri, body separated by newlines.
    expect(tencentRestStringToSign("GET", "id", "7", "100", "/v1/x?y=1", "")).toBe("GET\nX-TC-Key=id&X-TC-Nonce=7&X-TC-Timestamp=100\n/v1/x?y=1\n");
    expect(Buffer.from(tencentRestSignature("k", "s"), "base64").toString()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("builds the documented X-TC-* headers for a fixed input (tm 58768 / 1095/42413)", () => {
    // Expected value computed independently (Python hmac: base64(hex(HMAC-SHA256(SecretKey, stringToSign)))).
    const h = tencentRestHeaders(
      { appId: "200000001", sdkId: "18000000001", secretId: "AKIDqiandaoTEST", secretKey: "qiandaoTestSecretKey" },
      "GET",
      "/v1/meetings/1234/participants?userid=admin&pos=0&size=100",
      "",
      { timestamp: "1572168600", nonce: "1234567" },
    );
    expect(h).toEqual({
      "content-type": "application/json",
      "x-tc-key": "AKIDqiandaoTEST",
      "x-tc-timestamp": "1572168600",
      "x-tc-nonce": "1234567",
      "x-tc-signature": "NmEyY2Y3MWQ1NmMzZDk3NzhkN2RlN2I1ZDU5Nzk0MzdkMTlmYWRmMjM0NjUxMjVhYTM3MDRlZmM2MGQ4NDllNA==",
      "x-tc-registered": "1",
      appid: "200000001",
      sdkid: "18000000001",
    });
    // No SdkId header when none was assigned (the vendor rejects an empty one: error 190303).
    expect(tencentRestHeaders({ appId: "1", secretId: "k", secretKey: "s" }, "GET", "/v1/x", "", { timestamp: "1", nonce: "2" })).not.toHaveProperty("sdkid");
  });

  it("fills the dropped join from the participants API and a re-pull changes nothing", async () => {
    const db = t.database.db;
    resetTencentMeetingSim();
    // Three people in the ledger (Tencent userid = WeCom userid, tencent-meeting.md §2).
    const emp = (await db.execute(sql`
      INSERT INTO employees (employee_no, name) VALUES ('R001','赵一'),('R002','钱二'),('R003','孙三') RETURNING id, employee_no`)) as unknown as { rows: { id: number; employee_no: string }[] };
    for (const [i, e] of emp.rows.entries()) {
      await db.execute(sql`INSERT INTO identities (provider, corp_id, external_id, employee_id, matched_by) VALUES ('wecom', ${SIM.wecom.corpId}, ${`u${i + 1}`}, ${e.id}, 'seed')`);
    }
    const t0 = Date.now() - 30 * 60_000;
    await send(participantEvent("joined", "u1", t0), true);
    await send(participantEvent("joined", "u2", t0 + 60_000), true);
    await send(participantEvent("joined", "u3", t0 + 120_000), false); // the webhook that never arrived
    await send(participantEvent("left", "u1", t0 + 20 * 60_000), true);
    while ((await processInboxBatch(db)) > 0);

    const meeting = (await db.execute(sql`SELECT id FROM meetings WHERE source = 'tencent_meeting' AND external_id = 'tm-7001'`)) as unknown as { rows: { id: number }[] };
    expect(meeting.rows).toHaveLength(1);
    const meetingId = Number(meeting.rows[0].id);
    const present = async () =>
      ((await db.execute(sql`
        SELECT e.employee_no FROM meeting_attendance a JOIN employees e ON e.id = a.employee_id
         WHERE a.meeting_id = ${meetingId} AND a.first_join_at IS NOT NULL ORDER BY e.employee_no`)) as unknown as { rows: { employee_no: string }[] }).rows.map((r) => r.employee_no);
    expect(await present()).toEqual(["R001", "R002"]);

    const run = await runReconcile(db, { source: "tencent_meeting", meetingId }, { tencent: { client, operatorUserid: "admin" } });
    expect(run.status).toBe("succeeded");
    expect(run.added).toBe(1);
    expect(run.details).toMatchObject({ meetings: 1, checked: 1, participants: 3, alreadyKnown: 3 });

    const pulled = (await db.execute(sql`
      SELECT channel, event_type, dedupe_key FROM inbox_events WHERE channel = 'pull'`)) as unknown as { rows: { channel: string; event_type: string; dedupe_key: string }[] };
    expect(pulled.rows).toEqual([
      { channel: "pull", event_type: "meeting.participant-joined", dedupe_key: `pull:tm-7001::u3:joined:${Math.floor((t0 + 120_000) / 1000)}` },
    ]);
    // The same handler as the webhook turns it into attendance.
    while ((await processInboxBatch(db)) > 0);
    expect(await present()).toEqual(["R001", "R002", "R003"]);

    // Re-pull: nothing new (natural keys), nothing changes.
    const again = await runReconcile(db, { source: "tencent_meeting", meetingId }, { tencent: { client, operatorUserid: "admin" } });
    expect(again.added).toBe(0);
    const count = (await db.execute(sql`SELECT count(*)::int AS n FROM inbox_events`)) as unknown as { rows: { n: number }[] };
    expect(count.rows[0].n).toBe(4);
  });

  it("rides out the simulator's per-minute limit (error 190310): waits, retries, same result", async () => {
    const db = t.database.db;
    const meeting = (await db.execute(sql`SELECT id FROM meetings WHERE source = 'tencent_meeting' AND external_id = 'tm-7001'`)) as unknown as { rows: { id: number }[] };
    const slept: number[] = [];
    const limited = tencentSimClient({
      // Waiting is simulated: each wait opens a fresh allowance, as the next minute would.
      sleep: async (ms) => {
        slept.push(ms);
        setTencentMeetingSimRateLimit(1);
      },
    });
    setTencentMeetingSimRateLimit(0); // the first call is over the limit
    try {
      const run = await runReconcile(db, { source: "tencent_meeting", meetingId: Number(meeting.rows[0].id) }, { tencent: { client: limited, operatorUserid: "admin" } });
      expect(run.status).toBe("succeeded");
      expect(run.added).toBe(0);
      expect(run.details).toMatchObject({ meetings: 1, checked: 1, participants: 3 });
      expect(slept).toEqual([2_000]);
    } finally {
      setTencentMeetingSimRateLimit(TM_SIM_CALLS_PER_MINUTE);
    }
  });

  it("records window runs with a complete-up-to watermark, and failures without one", async () => {
    const db = t.database.db;
    const now = new Date();
    const ok = await runReconcile(db, { source: "tencent_meeting", days: 7 }, { tencent: { client, operatorUserid: "admin" }, now });
    expect(ok.status).toBe("succeeded");
    expect(ok.watermark?.getTime()).toBeLessThanOrEqual(now.getTime());
    expect((ok.details as { meetings: number }).meetings).toBeGreaterThanOrEqual(1);
    const failed = await runReconcile(db, { source: "tencent_meeting", days: 7 }, { tencent: null });
    expect(failed.status).toBe("failed");
    expect(failed.watermark).toBeNull();
    expect(failed.errors[0]).toMatch(/not configured/);
    const marks = await reconcileWatermarks(db);
    const tm = marks.find((m) => m.source === "tencent_meeting")!;
    expect(tm.completeUpTo).toBe(ok.watermark!.toISOString());
    expect(tm.lastStatus).toBe("failed");
  });
  it("complete-up-to covers only time checked without a gap: a run after an unchecked day starts a new stretch", async () => {
    const db = t.database.db;
    const deps = { tencent: { client, operatorUserid: "admin" }, now: new Date("2030-01-10T12:00:00Z") }; // newer than every other run here
    const mark = async () => (await reconcileWatermarks(db)).find((m) => m.source === "tencent_meeting")!;
    // Asia/Shanghai midnights in UTC
    const midnight = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
    await runReconcile(db, { source: "tencent_meeting", date: "2030-01-01", days: 3 }, deps); // 12-30 … 01-01
    expect(await mark()).toMatchObject({ checkedFrom: midnight("2029-12-30"), completeUpTo: midnight("2030-01-02") });
    await runReconcile(db, { source: "tencent_meeting", date: "2030-01-05", days: 1 }, deps); // 01-02 … 01-04 unchecked
    expect(await mark()).toMatchObject({ checkedFrom: midnight("2030-01-05"), completeUpTo: midnight("2030-01-06") });
    await runReconcile(db, { source: "tencent_meeting", date: "2030-01-04", days: 3 }, deps); // fills the gap
    expect(await mark()).toMatchObject({ checkedFrom: midnight("2029-12-30"), completeUpTo: midnight("2030-01-06") });
    const failed = await runReconcile(db, { source: "tencent_meeting", date: "2030-01-06", days: 1 }, { ...deps, tencent: null });
    expect(failed.status).toBe("failed");
    expect(await mark()).toMatchObject({ checkedFrom: midnight("2029-12-30"), completeUpTo: midnight("2030-01-06") });
  });
});
