// A meeting created from Tencent Meeting events gets its invitees from the vendor (tm 63648, served by the
// simulator), mapped through the identity ledger, so the people who never joined become absent after the end;
// the organiser (or HR) then adopts it — more invitees, thresholds — and attendance is recomputed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf } from "@/tests/people";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyTencentMeetingPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { adoptMeeting } from "@/lib/meetings/adopt";
import { finalizeMeeting } from "@/lib/meetings/mutations";
import { SIM } from "@/lib/vendors/config";
import { recordTencentMeetingEvent, resetTencentMeetingSim, TM_SIM_REST } from "@/lib/vendors/sim/tencent-meeting-state";
import { tencentRestHeaders } from "@/lib/vendors/tencent-meeting/client";
import { tencentMeetingSignedPost } from "@/lib/vendors/tencent-meeting/sender";
import { PUT as simPUT } from "@/app/api/sim/tencent-meeting/[...path]/route";
import { meetingsDueForInvitees, pullDueInvitees, pullVendorInvitees } from "./invitees";
import { TM_SIM_BASE, tencentSimClient } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const keys = { token: SIM.tencentMeeting.token, aesKey: SIM.tencentMeeting.aesKey };
const deps = { tencent: { client: tencentSimClient(), operatorUserid: "admin" }, wecom: null };
const MEETING = "tm-9100";
const start = Math.floor(Date.now() / 1000) - 2 * 3600; // seconds, as Tencent sends them
const end = start + 3600;

function envelope(kind: "joined" | "left", userid: string, atSeconds: number) {
  return {
    event: `meeting.participant-${kind}`,
    trace_id: `trace-${userid}-${kind}-${atSeconds}`,
    payload: [
      {
        operate_time: atSeconds * 1000,
        operator: { userid, uuid: `uuid-${userid}`, user_name: userid, instance_id: "1" },
        meeting_info: { meeting_id: MEETING, meeting_code: "800900100", subject: "季度复盘", start_time: start, end_time: end },
      },
    ],
  };
}

async function deliver(e: ReturnType<typeof envelope>) {
  recordTencentMeetingEvent(e);
  const signed = tencentMeetingSignedPost(keys, e);
  await storeInboxEvent(t.database.db, verifyTencentMeetingPost(new Headers(signed.headers), signed.body!, keys));
}

/** Set the invitees on the simulated vendor as the creator would (tm 63659: a signed PUT, overwriting). */
async function putInvitees(userids: string[]) {
  const uri = `/v1/meetings/${MEETING}/invitees`;
  const body = JSON.stringify({ userid: "admin", instanceid: 1, invitees: userids.map((userid) => ({ userid, nick_name: `昵称${userid}` })) });
  const headers = tencentRestHeaders(TM_SIM_REST, "PUT", uri, body, { timestamp: String(Math.floor(Date.now() / 1000)), nonce: "4242" });
  const res = await simPUT(new Request(`${TM_SIM_BASE}${uri}`, { method: "PUT", headers, body }), { params: Promise.resolve({ path: uri.slice(1).split("/") }) });
  expect(res.status).toBe(200);
}

async function statuses(meetingId: number): Promise<Record<string, string>> {
  const r = (await t.database.db.execute(sql`
    SELECT e.employee_no, a.status FROM meeting_attendance a JOIN employees e ON e.id = a.employee_id
     WHERE a.meeting_id = ${meetingId} ORDER BY e.employee_no`)) as unknown as { rows: { employee_no: string; status: string }[] };
  return Object.fromEntries(r.rows.map((x) => [x.employee_no, x.status]));
}

async function inviteeNos(meetingId: number): Promise<string[]> {
  const r = (await t.database.db.execute(sql`
    SELECT e.employee_no FROM meeting_invitees i JOIN employees e ON e.id = i.employee_id WHERE i.meeting_id = ${meetingId} ORDER BY 1`)) as unknown as { rows: { employee_no: string }[] };
  return r.rows.map((x) => x.employee_no);
}

describe("invitees of a meeting Tencent Meeting created", () => {
  let meetingId = 0;
  let people: { id: number; employee_no: string; name: string }[] = [];

  it("pulls the vendor's invitees through the ledger; the non-joiners become absent after the end", async () => {
    const db = t.database.db;
    resetTencentMeetingSim();
    people = ((await db.execute(sql`
      INSERT INTO employees (employee_no, name) VALUES ('V101','周一'),('V102','吴二'),('V103','郑三'),('V104','王四'),('V105','冯五')
      RETURNING id, employee_no, name`)) as unknown as { rows: { id: number; employee_no: string; name: string }[] }).rows.map((p) => ({ ...p, id: Number(p.id) }));
    // Tencent Meeting's userid is the WeCom userid for a company signing in through WeCom (tencent-meeting.md §2).
    for (const p of people.slice(0, 4)) {
      await db.execute(sql`INSERT INTO identities (provider, corp_id, external_id, employee_id, matched_by) VALUES ('wecom', ${SIM.wecom.corpId}, ${`w-${p.employee_no}`}, ${p.id}, 'seed')`);
    }
    await deliver(envelope("joined", "w-V101", start + 60)); // on time
    await deliver(envelope("joined", "w-V102", start + 20 * 60)); // 20 minutes late
    await deliver(envelope("left", "w-V101", end));
    await deliver(envelope("left", "w-V102", end));
    while ((await processInboxBatch(db)) > 0);
    const [m] = ((await db.execute(sql`SELECT id FROM meetings WHERE source = 'tencent_meeting' AND external_id = ${MEETING}`)) as unknown as { rows: { id: number }[] }).rows;
    meetingId = Number(m.id);

    // Without a list from the vendor nobody is invited, so finalising the ended meeting marks nobody absent.
    const [row] = ((await db.execute(sql`SELECT id FROM meetings WHERE id = ${meetingId}`)) as unknown as { rows: { id: number }[] }).rows;
    const { meetings } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const [full] = await db.select().from(meetings).where(eq(meetings.id, Number(row.id)));
    expect(await finalizeMeeting(db, full)).toBe(0);
    expect(await statuses(meetingId)).toEqual({ V101: "on_time", V102: "late" });
    await putInvitees(["w-V101", "w-V102", "w-V103", "w-V104", "outsider-1"]);

    expect(await meetingsDueForInvitees(db, new Date(), ["tencent_meeting"])).toEqual([meetingId]);
    expect(await pullDueInvitees(db, new Date(), deps)).toBe(1);
    const [ev] = ((await db.execute(sql`SELECT source, channel, event_type, payload FROM inbox_events WHERE event_type = 'meeting.invitees'`)) as unknown as {
      rows: { source: string; channel: string; event_type: string; payload: { invitees: { userid: string; nick_name: string }[] } }[];
    }).rows;
    expect(ev.source).toBe("tencent_meeting");
    expect(ev.channel).toBe("pull");
    expect(ev.payload.invitees).toEqual(["w-V101", "w-V102", "w-V103", "w-V104", "outsider-1"].map((userid) => ({ userid, nick_name: `昵称${userid}` })));
    while ((await processInboxBatch(db)) > 0);

    // The outsider is not in the ledger: listed by the vendor, never invited (no name matching).
    expect(await inviteeNos(meetingId)).toEqual(["V101", "V102", "V103", "V104"]);
    expect(await statuses(meetingId)).toEqual({ V101: "on_time", V102: "late", V103: "absent", V104: "absent" });

    // Nothing is due again right away, and an unchanged list stores nothing new.
    expect(await meetingsDueForInvitees(db, new Date(), ["tencent_meeting"])).toEqual([]);
    const again = await pullVendorInvitees(db, meetingId, deps);
    expect(again).toMatchObject({ invitees: 5, stored: false });
    const runs = (await db.execute(sql`SELECT status, details FROM sync_runs WHERE kind = 'invitees' ORDER BY id`)) as unknown as { rows: { status: string; details: Record<string, unknown> }[] };
    expect(runs.rows.map((r) => [r.status, r.details.invitees, r.details.newList])).toEqual([
      ["succeeded", 5, true],
      ["succeeded", 5, false],
    ]);
  });

  it("a vendor error fails the pull run and writes no invitees", async () => {
    const db = t.database.db;
    const broken = { tencent: { client: tencentSimClient({ secretKey: "wrong-key" }), operatorUserid: "admin" }, wecom: null };
    await expect(pullVendorInvitees(db, meetingId, broken)).rejects.toThrow(/HTTP 401 error_code 200003/);
    const [last] = ((await db.execute(sql`SELECT status, errors FROM sync_runs WHERE kind = 'invitees' ORDER BY id DESC LIMIT 1`)) as unknown as { rows: { status: string; errors: string[] }[] }).rows;
    expect(last.status).toBe("failed");
    expect(await inviteeNos(meetingId)).toEqual(["V101", "V102", "V103", "V104"]);
  });

  it("adopting sets thresholds and invitees and recomputes; only the organiser or HR, only video-created meetings", async () => {
    const db = t.database.db;
    const hr = viewerOf({ id: people[0].id, employeeNo: "V101", name: "周一" }, new Set(["employee", "hr"]));
    const plain = viewerOf({ id: people[2].id, employeeNo: "V103", name: "郑三" });

    await expect(adoptMeeting(db, plain, meetingId, { inviteeIds: [], employeeNos: [], lateAfterMinutes: 30, earlyLeaveMinutes: 10 })).rejects.toMatchObject({ status: 403 });
    // An unknown employee number refuses the whole request: thresholds stay as they were.
    await expect(adoptMeeting(db, hr, meetingId, { inviteeIds: [], employeeNos: ["V105", "NOPE-1"], lateAfterMinutes: 30, earlyLeaveMinutes: 10 })).rejects.toMatchObject({
      status: 400,
      message: "找不到这些工号的在职员工：NOPE-1",
    });
    const before = ((await db.execute(sql`SELECT late_after_minutes FROM meetings WHERE id = ${meetingId}`)) as unknown as { rows: { late_after_minutes: number }[] }).rows[0];
    expect(before.late_after_minutes).toBe(5);

    const r = await adoptMeeting(db, hr, meetingId, { inviteeIds: [people[3].id], employeeNos: ["V105"], lateAfterMinutes: 30, earlyLeaveMinutes: 10 });
    expect(r).toMatchObject({ added: 1, invitees: 5 });
    expect(r.meeting.lateAfterMinutes).toBe(30);
    // 20 minutes late is on time under a 30-minute rule; the person added after the end is absent.
    expect(await statuses(meetingId)).toEqual({ V101: "on_time", V102: "on_time", V103: "absent", V104: "absent", V105: "absent" });
    const audit = (await db.execute(sql`SELECT action, details FROM audit_log WHERE action = 'meeting.adopt'`)) as unknown as { rows: { action: string; details: Record<string, unknown> }[] };
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details).toMatchObject({ added: 1, lateAfterMinutes: 30, earlyLeaveMinutes: 10, previous: { lateAfterMinutes: 5, earlyLeaveMinutes: 10 } });

    // A meeting made in the app is edited on its edit page, not adopted.
    const [local] = ((await db.execute(sql`
      INSERT INTO meetings (source, external_id, title, organizer_id, starts_at, ends_at, business_date)
      VALUES ('local', 'local-adopt-1', '部门例会', ${people[2].id}, now(), now() + interval '1 hour', current_date) RETURNING id`)) as unknown as { rows: { id: number }[] }).rows;
    await expect(adoptMeeting(db, plain, Number(local.id), { inviteeIds: [], employeeNos: [], lateAfterMinutes: 1, earlyLeaveMinutes: 1 })).rejects.toMatchObject({ status: 400 });
  });
});
