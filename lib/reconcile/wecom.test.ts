// WeCom meeting reconciliation: a deliberately dropped meeting_change callback is filled from the simulator's
// get_attendee_list (through the real WeCom client: token, cursor paging), through the inbox (channel "pull",
// natural key); a re-pull adds nothing; sync_runs holds the differences and the watermark.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyWecomPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { wecomConfig } from "@/lib/vendors/config";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim, simState } from "@/lib/vendors/sim/state";
import { recordWecomMeetingEvent, resetWecomMeetingSim } from "@/lib/vendors/sim/wecom-meeting";
import { WecomClient } from "@/lib/vendors/wecom/client";
import { wecomMeetingAttendees } from "@/lib/vendors/wecom/meeting";
import { wecomPlainXml, wecomSignedPost } from "@/lib/vendors/wecom/sender";
import { attendeeQuery, reconcileWatermarks, runNightlyReconcile, runReconcile } from "./run";
import type { WecomAttendeeSource } from "./wecom";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  resetSim("demo");
  resetWecomMeetingSim();
});
afterAll(async () => {
  await t?.close();
});

const MEETING = "wm-hSGxkVAAAA";
const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };

function source(): WecomAttendeeSource {
  const client = new WecomClient({ db: t.database.db, http });
  return { corpId: client.config.corpId, attendees: (ref) => wecomMeetingAttendees(client, attendeeQuery(ref)) };
}

async function send(changeType: "join_meeting" | "quit_meeting", userid: string, at: number, deliver: boolean) {
  const cfg = wecomConfig();
  const fields = { ToUserName: cfg.corpId, FromUserName: userid, CreateTime: String(at), MsgType: "event", Event: "meeting_change", ChangeType: changeType, MeetingId: MEETING };
  recordWecomMeetingEvent(fields);
  if (!deliver) return;
  const signed = wecomSignedPost({ token: cfg.callbackToken!, aesKey: cfg.aesKey!, corpId: cfg.corpId }, wecomPlainXml(fields));
  const q = new URL(`http://x${signed.pathAndQuery}`).searchParams;
  await storeInboxEvent(t.database.db, verifyWecomPost(q, signed.body!, { token: cfg.callbackToken, aesKey: cfg.aesKey, corpId: cfg.corpId }));
}

describe("WeCom meeting reconciliation", () => {
  it("fills the dropped join from get_attendee_list and a re-pull adds nothing", async () => {
    const db = t.database.db;
    const emp = (await db.execute(sql`
      INSERT INTO employees (employee_no, name) VALUES ('W001','冯一'),('W002','陈二'),('W003','褚三') RETURNING id, employee_no`)) as unknown as { rows: { id: number; employee_no: string }[] };
    for (const [i, e] of emp.rows.entries()) {
      await db.execute(sql`INSERT INTO identities (provider, corp_id, external_id, employee_id, matched_by) VALUES ('wecom', ${wecomConfig().corpId}, ${`wu${i + 1}`}, ${e.id}, 'seed')`);
    }
    // An app meeting linked to a WeCom meeting (WeCom reports only meetings an app created through its API).
    const startsAt = new Date(Date.now() - 40 * 60_000);
    const m = (await db.execute(sql`
      INSERT INTO meetings (source, external_id, title, starts_at, ends_at, business_date, invite_only, status, video_source, video_meeting_id)
      VALUES ('local', 'local-wm-1', '企业微信周会', ${startsAt.toISOString()}::timestamptz, ${new Date(startsAt.getTime() + 3600_000).toISOString()}::timestamptz,
              (${startsAt.toISOString()}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, false, 'started', 'wecom', ${MEETING})
      RETURNING id`)) as unknown as { rows: { id: number }[] };
    const meetingId = Number(m.rows[0].id);
    const t0 = Math.floor(startsAt.getTime() / 1000) + 60;
    await send("join_meeting", "wu1", t0, true);
    await send("join_meeting", "wu2", t0 + 30, true);
    await send("join_meeting", "wu3", t0 + 90, false); // the callback that never arrived
    await send("quit_meeting", "wu1", t0 + 600, true);
    recordWecomMeetingEvent({ MeetingId: MEETING, FromUserName: "", CreateTime: t0 + 100, ChangeType: "join_meeting" }); // a guest: tmp_openid only
    while ((await processInboxBatch(db)) > 0);

    const present = async () =>
      ((await db.execute(sql`
        SELECT e.employee_no FROM meeting_attendance a JOIN employees e ON e.id = a.employee_id
         WHERE a.meeting_id = ${meetingId} AND a.first_join_at IS NOT NULL ORDER BY e.employee_no`)) as unknown as { rows: { employee_no: string }[] }).rows.map((r) => r.employee_no);
    expect(await present()).toEqual(["W001", "W002"]);

    const run = await runReconcile(db, { source: "wecom", meetingId }, { wecom: source() });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe("succeeded");
    expect(run.added).toBe(1);
    expect(run.details).toMatchObject({ meetings: 1, checked: 1, participants: 4, alreadyKnown: 3, differences: [{ meetingId, vendorMeetingId: MEETING, added: 1 }] });
    expect(simState().calls.get("wecom:/cgi-bin/meeting/get_attendee_list")).toBe(1);

    const pulled = (await db.execute(sql`SELECT event_type, dedupe_key FROM inbox_events WHERE channel = 'pull'`)) as unknown as { rows: { event_type: string; dedupe_key: string }[] };
    expect(pulled.rows).toEqual([{ event_type: "meeting_change.join_meeting", dedupe_key: `pull:meeting:${MEETING}::wu3:join_meeting:${t0 + 90}` }]);
    while ((await processInboxBatch(db)) > 0);
    expect(await present()).toEqual(["W001", "W002", "W003"]);

    const again = await runReconcile(db, { source: "wecom", meetingId }, { wecom: source() });
    expect(again.added).toBe(0);
    expect(again.details).toMatchObject({ alreadyKnown: 4, differences: [] });
    const count = (await db.execute(sql`SELECT count(*)::int AS n FROM inbox_events WHERE source = 'wecom'`)) as unknown as { rows: { n: number }[] };
    expect(count.rows[0].n).toBe(4);
  });

  it("pages through the attendee list with next_cursor", async () => {
    for (let i = 0; i < 130; i++) recordWecomMeetingEvent({ MeetingId: "wm-big", FromUserName: `p${i}`, CreateTime: 1_700_000_000 + i, ChangeType: "join_meeting" });
    const before = simState().calls.get("wecom:/cgi-bin/meeting/get_attendee_list") ?? 0;
    const rows = await wecomMeetingAttendees(new WecomClient({ db: t.database.db, http }), { meetingId: "wm-big" });
    expect(rows).toHaveLength(130);
    expect(new Set(rows.map((r) => r.userid)).size).toBe(130);
    expect((simState().calls.get("wecom:/cgi-bin/meeting/get_attendee_list") ?? 0) - before).toBe(2);
  });

  it("records a window run with a watermark per source", async () => {
    const db = t.database.db;
    const now = new Date();
    const ok = await runReconcile(db, { source: "wecom", days: 7 }, { wecom: source(), now });
    expect(ok.status).toBe("succeeded");
    expect(ok.added).toBe(0);
    expect((ok.details as { meetings: number }).meetings).toBe(1);
    const w = (await reconcileWatermarks(db)).find((m) => m.source === "wecom")!;
    expect(w.completeUpTo).toBe(ok.watermark!.toISOString());
    expect(w.configured).toBe(true);
  });

  it("nightly: the last 7 days for every configured source (unconfigured ones skipped)", async () => {
    const runs = await runNightlyReconcile(t.database.db, {}, { tencent: null, zoom: null, wecom: source() });
    expect(runs.map((r) => [r.source, r.kind, r.status])).toEqual([["wecom", "reconcile", "succeeded"]]);
    expect(runs[0].windowEnd!.getTime() - runs[0].windowStart!.getTime()).toBe(7 * 86_400_000);
  });
});
