// A leave that arrives before its join: the join webhook is lost, the leave is delivered and handled, and the
// nightly reconciliation pulls the join into the inbox later. The same handler pairs them (lib/meetings/presence.ts),
// so the late join yields the same attendance as a person whose events came in order; a re-pull changes nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyTencentMeetingPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { SIM } from "@/lib/vendors/config";
import { recordTencentMeetingEvent, resetTencentMeetingSim } from "@/lib/vendors/sim/tencent-meeting-state";
import { tencentMeetingSignedPost } from "@/lib/vendors/tencent-meeting/sender";
import { runReconcile } from "./run";
import { tencentSimClient } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const client = tencentSimClient();
const keys = { token: SIM.tencentMeeting.token, aesKey: SIM.tencentMeeting.aesKey };

const MIN = 60_000;
const T0 = Math.floor((Date.now() - 90 * MIN) / 1000) * 1000; // the meeting ended half an hour ago

function participantEvent(kind: "joined" | "left", userid: string, at: number) {
  return {
    event: `meeting.participant-${kind}`,
    trace_id: `order-${userid}-${kind}-${at}`,
    payload: [
      {
        operate_time: at,
        operator: { userid, uuid: `uuid-${userid}`, user_name: `用户${userid}`, instance_id: "1" },
        // The scheduled times Tencent sends with every participant event (tencent-meeting.md §2), in seconds.
        meeting_info: { meeting_id: "tm-order", meeting_code: "800100300", subject: "到达顺序", start_time: T0 / 1000, end_time: T0 / 1000 + 3600 },
      },
    ],
  };
}

async function send(envelope: ReturnType<typeof participantEvent>, deliver: boolean) {
  recordTencentMeetingEvent(envelope);
  if (!deliver) return;
  const signed = tencentMeetingSignedPost(keys, envelope);
  await storeInboxEvent(t.database.db, verifyTencentMeetingPost(new Headers(signed.headers), signed.body!, keys));
}

type Row = { employee_no: string; status: string; method: string; device: string | null; checked_in_at: string; first_join_at: string; last_leave_at: string | null; version: number };

describe("a leave before its join (join filled by reconciliation)", () => {
  it("pairs the pulled join with the earlier leave: same row as in-order delivery, early_leave, re-pull changes nothing", async () => {
    const db = t.database.db;
    resetTencentMeetingSim();
    const emp = (await db.execute(sql`
      INSERT INTO employees (employee_no, name) VALUES ('O001','周一'),('O002','吴二') RETURNING id`)) as unknown as { rows: { id: number }[] };
    for (const [i, e] of emp.rows.entries()) {
      await db.execute(sql`INSERT INTO identities (provider, corp_id, external_id, employee_id, matched_by) VALUES ('wecom', ${SIM.wecom.corpId}, ${`o${i + 1}`}, ${e.id}, 'seed')`);
    }
    // o1: in order. o2: the same times, but the join webhook is lost and only the leave is delivered.
    await send(participantEvent("joined", "o1", T0 + 2 * MIN), true);
    await send(participantEvent("left", "o1", T0 + 30 * MIN), true);
    await send(participantEvent("joined", "o2", T0 + 2 * MIN), false);
    await send(participantEvent("left", "o2", T0 + 30 * MIN), true);
    while ((await processInboxBatch(db)) > 0);

    const rows = async () =>
      ((await db.execute(sql`
        SELECT e.employee_no, a.status, a.method, a.device, a.checked_in_at, a.first_join_at, a.last_leave_at, a.version
          FROM meeting_attendance a JOIN employees e ON e.id = a.employee_id
          JOIN meetings m ON m.id = a.meeting_id
         WHERE m.source = 'tencent_meeting' AND m.external_id = 'tm-order' ORDER BY e.employee_no`)) as unknown as { rows: Row[] }).rows;
    const outboxRows = async () =>
      ((await db.execute(sql`SELECT count(*)::int AS n FROM oa_outbox WHERE aggregate_type = 'meeting_attendance'`)) as unknown as { rows: { n: number }[] }).rows[0].n;
    // The orphan leave is kept as evidence only: no attendance for o2 yet (it did not pair with anything).
    expect((await rows()).map((r) => r.employee_no)).toEqual(["O001"]);
    const leaves = (await db.execute(sql`
      SELECT count(*)::int AS n FROM meeting_presence_events p JOIN identities i ON i.employee_id = p.employee_id
       WHERE i.external_id = 'o2' AND p.action = 'leave'`)) as unknown as { rows: { n: number }[] };
    expect(leaves.rows[0].n).toBe(1);

    const meetingId = Number(((await db.execute(sql`SELECT id FROM meetings WHERE source = 'tencent_meeting' AND external_id = 'tm-order'`)) as unknown as { rows: { id: number }[] }).rows[0].id);
    const run = await runReconcile(db, { source: "tencent_meeting", meetingId }, { tencent: { client, operatorUserid: "admin" } });
    expect(run.added).toBe(1); // o2's join; o2's leave and both of o1's events are known
    while ((await processInboxBatch(db)) > 0);

    const [o1, o2] = await rows();
    const same = (r: Row) => ({ ...r, employee_no: undefined, version: undefined });
    expect(same(o2)).toEqual(same(o1));
    expect(o2).toMatchObject({ status: "early_leave", method: "video", device: "PC" });
    expect(new Date(o2.first_join_at).getTime()).toBe(T0 + 2 * MIN);
    expect(new Date(o2.last_leave_at!).getTime()).toBe(T0 + 30 * MIN);

    // Re-pull and re-handle: no new inbox event, no attendance version, no OA row.
    const before = { rows: await rows(), outbox: await outboxRows() };
    const again = await runReconcile(db, { source: "tencent_meeting", meetingId }, { tencent: { client, operatorUserid: "admin" } });
    expect(again.added).toBe(0);
    while ((await processInboxBatch(db)) > 0);
    expect(await rows()).toEqual(before.rows);
    expect(await outboxRows()).toBe(before.outbox);
  });
});
