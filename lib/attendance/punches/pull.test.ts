// Vendor punch pulls against the simulator (in-process fetch onto the same handlers as /api/sim/*) with a real
// database: org synced from the simulated vendors, pulls through the clients, punches through the inbox and the store.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendancePullRequests, identities, inboxEvents, punches, syncRuns, vendorDayResults } from "@/db/schema";
import { processInboxBatch } from "@/lib/ingest/worker";
import { applyAttendanceCommand, cnMidnight, punchesOn } from "@/lib/vendors/sim/attendance";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { simState } from "@/lib/vendors/sim/state";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { seedSimAttendanceOrg } from "@/tests/sim-attendance-org";
import { PULL_BATCH_EVENT, PULL_EVENT, PULL_VENDOR_EVENT, runAttendancePull } from "./pull";
import { attendancePullEventHandlers } from "./pull-events";
import { runTargetedPulls } from "./pull-jobs";
import { vendorDayDisagreements } from "./vendor-days";

let t: TestDatabase;
let db: Db;
/** Every request the clients send, as the simulator received it (to check the vendors' limits). */
const sent: { api: string; body: Record<string, unknown> }[] = [];
/** The same calls in the order things happened: a request sent, an answer back. */
const timeline: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(String(input), init);
  const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
  const api = new URL(req.url).pathname.replace(/^\/api\/sim\/(wecom|dingtalk\/oapi)/, "");
  sent.push({ api, body });
  timeline.push(`sent ${api}`);
  const res = await simulatorFetch(input, init);
  timeline.push(`answered ${api}`);
  return res;
};
const http = { fetch: recordingFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };
const FROM = "2026-12-01";
const TO = "2026-12-02";

const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const count = async (where: ReturnType<typeof sql>) => (await db.execute(sql`SELECT count(*)::int AS n FROM punches WHERE ${where}`)) as unknown as { rows: { n: number }[] };
const n = async (where: ReturnType<typeof sql>) => (await count(where)).rows[0].n;
const inboxRows = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents))[0].n;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedSimAttendanceOrg(db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  sent.length = 0;
  timeline.length = 0;
});

describe("simulator refuses what the vendors refuse", () => {
  const call = async (path: string, body: unknown) => {
    const vendor = path.startsWith("/cgi-bin") ? "wecom" : "dingtalk";
    const tokenUrl =
      vendor === "wecom"
        ? `http://localhost/api/sim/wecom/cgi-bin/gettoken?corpid=${simState().directory && "wwqiandaodemo0001"}&corpsecret=sim-wecom-secret-0000000000000000000000000`
        : "http://localhost/api/sim/dingtalk/oapi/gettoken?appkey=dingsimappkey0001&appsecret=sim-dingtalk-secret-000000000000000000000000";
    const token = ((await (await simulatorFetch(tokenUrl)).json()) as { access_token: string }).access_token;
    const base = vendor === "wecom" ? "http://localhost/api/sim/wecom" : "http://localhost/api/sim/dingtalk/oapi";
    const r = await simulatorFetch(`${base}${path}?access_token=${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await r.json()) as { errcode: number; errmsg: string };
  };
  const users = (k: number, vendor: "wecom" | "dingtalk") => [...simState().directory[vendor].users.keys()].slice(0, k);
  const day = (d: string) => Math.floor(cnMidnight(d) / 1000);
  const cases: [string, string, () => unknown, number][] = [
    ["WeCom getcheckindata, 101 users → 301023", "/cgi-bin/checkin/getcheckindata", () => ({ opencheckindatatype: 3, starttime: day(FROM), endtime: day(TO), useridlist: [...users(100, "wecom"), "x"] }), 301023],
    ["WeCom getcheckindata, no users → 301023", "/cgi-bin/checkin/getcheckindata", () => ({ opencheckindatatype: 3, starttime: day(FROM), endtime: day(TO), useridlist: [] }), 301023],
    ["WeCom getcheckindata, 31 days → 301024", "/cgi-bin/checkin/getcheckindata", () => ({ opencheckindatatype: 3, starttime: day("2026-11-01"), endtime: day("2026-12-02"), useridlist: users(1, "wecom") }), 301024],
    ["WeCom getcheckin_daydata, 101 users → 301023", "/cgi-bin/checkin/getcheckin_daydata", () => ({ starttime: day(FROM), endtime: day(TO), useridlist: [...users(100, "wecom"), "x"] }), 301023],
    ["DingTalk listRecord, 51 users → 40035", "/attendance/listRecord", () => ({ userIds: [...users(50, "dingtalk"), "x"], checkDateFrom: "2026-12-01 00:00:00", checkDateTo: "2026-12-02 00:00:00" }), 40035],
    ["DingTalk listRecord, 8 days → 40035", "/attendance/listRecord", () => ({ userIds: users(1, "dingtalk"), checkDateFrom: "2026-11-20 00:00:00", checkDateTo: "2026-11-28 00:00:00" }), 40035],
    ["DingTalk list, limit 51 → 40035", "/attendance/list", () => ({ userIdList: users(1, "dingtalk"), workDateFrom: "2026-12-01 00:00:00", workDateTo: "2026-12-02 00:00:00", offset: 0, limit: 51 }), 40035],
  ];
  for (const [name, path, body, code] of cases) it(name, async () => expect((await call(path, body())).errcode).toBe(code));
  it("WeCom getcheckindata within the limits answers records", async () => {
    const r = (await call("/cgi-bin/checkin/getcheckindata", { opencheckindatatype: 3, starttime: day(FROM), endtime: day(TO) + 86399, useridlist: users(3, "wecom") })) as unknown as { errcode: number; checkindata: unknown[] };
    expect(r.errcode).toBe(0);
    expect(r.checkindata.length).toBeGreaterThan(0);
  });
});

describe("WeCom pull", () => {
  let runId = 0;
  it("pulls every linked person in chunks ≤100 users and ≤30 days, drops placeholders, stores through the inbox", async () => {
    const linked = (await db.select({ n: sql<number>`count(*)::int` }).from(identities).where(eq(identities.provider, "wecom")))[0].n;
    expect(linked).toBeGreaterThan(100);
    const run = await runAttendancePull(db, { source: "wecom", from: FROM, to: TO }, { http });
    runId = run.id;
    expect(run.status).toBe("succeeded");
    expect(run.watermark?.toISOString()).toBe("2026-12-02T16:00:00.000Z");
    const d = run.details as Record<string, number>;
    expect(d.placeholders).toBeGreaterThan(0);
    expect(run.added).toBeGreaterThan(0);
    const calls = sent.filter((s) => s.api.startsWith("/cgi-bin/checkin/"));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      const users = c.body.useridlist as string[];
      expect(users.length).toBeLessThanOrEqual(100);
      expect(Number(c.body.endtime) - Number(c.body.starttime)).toBeLessThanOrEqual(30 * 86400);
    }
    // 200 people → two chunks of 100
    expect(calls.filter((c) => c.api.endsWith("getcheckindata"))).toHaveLength(2);
    await drain();
    expect(await n(sql`source = 'wecom'`)).toBe(run.added);
    // the simulated vendor's own punches, summed: every one arrived, no placeholder did
    const users = [...simState().directory.wecom.users.keys()];
    let expected = 0;
    for (const u of users) for (let dd = cnMidnight(FROM); dd <= cnMidnight(TO); dd += 86_400_000) expected += punchesOn("wecom", u, new Date(dd + 8 * 3600_000).toISOString().slice(0, 10)).length;
    expect(run.added).toBe(expected);
  }, 240_000);

  it("a second pull changes nothing (no inbox event, no punch change)", async () => {
    const before = await inboxRows();
    const run = await runAttendancePull(db, { source: "wecom", from: FROM, to: TO }, { http });
    expect(run.status).toBe("succeeded");
    expect([run.added, run.changed, run.removed]).toEqual([0, 0, 0]);
    expect(run.id).toBeGreaterThan(runId);
    expect(await inboxRows()).toBe(before);
    expect(await n(sql`source = 'wecom' AND change_state <> 'added'`)).toBe(0);
  }, 120_000);

  it("a vendor-side correction is picked up as a change and recomputes the person-day; a deleted record vanishes", async () => {
    const userid = [...simState().directory.wecom.users.keys()][7];
    const [idn] = await db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, userid)));
    applyAttendanceCommand({ op: "correct", vendor: "wecom", userid, date: TO, slot: "in", time: "2026-12-02T09:20:00+08:00" });
    applyAttendanceCommand({ op: "delete", vendor: "wecom", userid, date: FROM, slot: "out" });
    const hadOut = (await n(sql`source = 'wecom' AND employee_id = ${idn.employeeId} AND business_date = ${FROM} AND direction = 'out'`)) > 0;
    const run = await runAttendancePull(db, { source: "wecom", from: FROM, to: TO }, { http });
    expect(run.changed + run.added).toBe(1);
    expect(run.removed).toBe(hadOut ? 1 : 0);
    await drain();
    const [p] = await db.select().from(punches).where(and(eq(punches.source, "wecom"), eq(punches.employeeId, idn.employeeId), eq(punches.businessDate, TO), eq(punches.direction, "in")));
    expect(p.punchedAt.toISOString()).toBe("2026-12-02T01:20:00.000Z");
    if (run.changed === 1) {
      expect(p.changeState).toBe("changed");
      expect(p.history).toHaveLength(1);
    }
    const [day] = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, idn.employeeId), eq(attendanceDays.businessDate, TO)));
    expect(day.statuses).toContain("late");
    expect(day.lateMinutes).toBe(20);
    if (hadOut) {
      expect(await n(sql`source = 'wecom' AND employee_id = ${idn.employeeId} AND business_date = ${FROM} AND direction = 'out' AND change_state = 'vanished'`)).toBe(1);
    }
    // and once more: nothing new
    const again = await runAttendancePull(db, { source: "wecom", from: FROM, to: TO }, { http });
    expect([again.added, again.changed, again.removed]).toEqual([0, 0, 0]);
  }, 120_000);
});

describe("DingTalk pull", () => {
  it("chunks ≤50 users and ≤7 days, keeps isLegal on the punch, stores the vendor's day results, second pull changes nothing", async () => {
    const run = await runAttendancePull(db, { source: "dingtalk", from: FROM, to: TO }, { http });
    expect(run.status).toBe("succeeded");
    const rec = sent.filter((s) => s.api === "/attendance/listRecord");
    const list = sent.filter((s) => s.api === "/attendance/list");
    expect(rec.length).toBeGreaterThan(0);
    expect(list.length).toBeGreaterThan(rec.length); // paged: 50 people × 2 days × 2 slots = 200 results, 4 pages each
    const span = (a: string, b: string) => Date.parse(b.replace(" ", "T") + "Z") - Date.parse(a.replace(" ", "T") + "Z");
    for (const c of rec) {
      expect((c.body.userIds as string[]).length).toBeLessThanOrEqual(50);
      expect(span(String(c.body.checkDateFrom), String(c.body.checkDateTo))).toBeLessThanOrEqual(7 * 86_400_000);
    }
    for (const c of list) {
      expect((c.body.userIdList as string[]).length).toBeLessThanOrEqual(50);
      expect(Number(c.body.limit)).toBeLessThanOrEqual(50);
      expect(span(String(c.body.workDateFrom), String(c.body.workDateTo))).toBeLessThanOrEqual(7 * 86_400_000);
    }
    await drain();
    expect(await n(sql`source = 'dingtalk'`)).toBe(run.added);
    const illegal = [...simState().directory.dingtalk.users.keys()].flatMap((u) => [FROM, TO].flatMap((d) => punchesOn("dingtalk", u, d))).filter((p) => p.illegal).length;
    expect(await n(sql`source = 'dingtalk' AND suspicious AND suspicious_reason LIKE 'Security%'`)).toBe(illegal);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(vendorDayResults).where(eq(vendorDayResults.source, "dingtalk")))[0].n).toBeGreaterThan(0);
    const before = await inboxRows();
    const again = await runAttendancePull(db, { source: "dingtalk", from: FROM, to: TO }, { http });
    expect([again.added, again.changed, again.removed]).toEqual([0, 0, 0]);
    expect((again.details as Record<string, number>).dayResultsChanged).toBe(0);
    expect(await inboxRows()).toBe(before);
  }, 240_000);

  it("when the day results need more than one window of their limit, their first window's calls go before any punch call", async () => {
    // 200 people × one week = 4 day-result chunks; a window of 2 makes them bind (a month for 10,000 people does so
    // with WeCom's 100 a minute): the punches wait until 2 chunks were answered, then fill the wait for the next window
    // the vendor takes 150 ms over each day-result page, so a punch call that did not wait would go out first
    const slowDays: typeof fetch = async (input, init) => {
      if (new URL(String(input instanceof Request ? input.url : input)).pathname.endsWith("/attendance/list")) await new Promise((r) => setTimeout(r, 150));
      return recordingFetch(input, init);
    };
    const run = await runAttendancePull(db, { source: "dingtalk", from: FROM, to: TO }, { http: { ...http, fetch: slowDays }, dayWindow: 2 });
    expect(run.status).toBe("succeeded");
    const firstPunchCall = timeline.indexOf("sent /attendance/listRecord");
    expect(firstPunchCall).toBeGreaterThan(0);
    expect(timeline.slice(0, firstPunchCall).filter((e) => e === "answered /attendance/list").length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("lists a person-day where the vendor says late and we say normal (5 minutes' grace)", async () => {
    const userid = [...simState().directory.dingtalk.users.keys()][3];
    applyAttendanceCommand({ op: "correct", vendor: "dingtalk", userid, date: TO, slot: "in", time: "2026-12-02T09:03:00+08:00" });
    applyAttendanceCommand({ op: "correct", vendor: "dingtalk", userid, date: TO, slot: "out", time: "2026-12-02T18:10:00+08:00" });
    const run = await runAttendancePull(db, { source: "dingtalk", from: TO, to: TO }, { http, now: new Date("2026-12-03T02:00:00Z") });
    expect(run.status).toBe("succeeded");
    await drain();
    const [idn] = await db.select().from(identities).where(and(eq(identities.provider, "dingtalk"), eq(identities.externalId, userid)));
    const list = await vendorDayDisagreements(db, { kind: "all" }, { from: TO, to: TO, source: "dingtalk" });
    const mine = list.find((x) => x.employeeId === idn.employeeId);
    expect(mine).toMatchObject({ businessDate: TO, vendorVerdict: ["late"], ourVerdict: ["normal"] });
    // scoped to no department: nothing
    expect(await vendorDayDisagreements(db, { kind: "subtree", paths: [] }, { from: TO, to: TO })).toEqual([]);
  }, 120_000);

  it("an attendance_check_record event asks for a targeted pull of that person-day, run by the loop", async () => {
    const userid = [...simState().directory.dingtalk.users.keys()][5];
    applyAttendanceCommand({ op: "add", vendor: "dingtalk", userid, time: "2026-12-02T12:30:00+08:00", checkType: "in" });
    const handler = attendancePullEventHandlers["dingtalk:attendance_check_record"];
    const payload = { EventType: "attendance_check_record", CorpId: "dingqiandaodemo0001", DataList: [{ userId: userid, checkTime: Date.parse("2026-12-02T12:30:00+08:00"), locationResult: "Normal" }] };
    const r = await handler({ db, event: { id: 1, source: "dingtalk", eventType: "attendance_check_record", payload } as never });
    expect(r.outcome).toBe("handled");
    await handler({ db, event: { id: 2, source: "dingtalk", eventType: "attendance_check_record", payload } as never }); // collapsed
    const due = await db.select().from(attendancePullRequests);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ externalUserId: userid, workDate: TO, doneAt: null });
    expect(await runTargetedPulls(db, { http })).toBe(1);
    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.kind, "attendance_targeted")).orderBy(sql`id desc`).limit(1);
    expect(run).toMatchObject({ status: "succeeded", added: 1, watermark: null });
    const body = sent.find((s) => s.api === "/attendance/listRecord")!.body;
    expect(body.userIds).toEqual([userid]);
    await drain();
    expect(await n(sql`source = 'dingtalk' AND punched_at = '2026-12-02T04:30:00Z'`)).toBe(1);
    expect(await runTargetedPulls(db, { http })).toBe(0);
  }, 120_000);
});

describe("pull rows in the inbox", () => {
  it("hold the vendor's records as they came, with the natural key and employee; the punch keeps the record", async () => {
    const [row] = await db.select().from(inboxEvents).where(and(eq(inboxEvents.source, "wecom"), eq(inboxEvents.eventType, PULL_VENDOR_EVENT))).orderBy(inboxEvents.id).limit(1);
    const rec = (row.payload as { records: { employee_id: number; record_id: string; vendor: Record<string, unknown> }[] }).records[0];
    expect(Object.keys(rec).sort()).toEqual(["employee_id", "record_id", "vendor"]);
    expect(rec.vendor).toMatchObject({ userid: expect.any(String), checkin_type: expect.any(String), checkin_time: expect.any(Number) });
    const [p] = await db.select().from(punches).where(and(eq(punches.source, "wecom"), eq(punches.recordId, rec.record_id)));
    expect(p.employeeId).toBe(rec.employee_id);
    expect(p.punchedAt.getTime()).toBe(Number(rec.vendor.checkin_time) * 1000);
    expect(p.raw).toEqual(rec.vendor);
  });

  it("rows an earlier version stored (mapped fields, 500 or one a row) are still written", async () => {
    const [idn] = await db.select().from(identities).where(eq(identities.provider, "dingtalk")).limit(1);
    const mapped = (id: string, time: string) => ({
      employee_id: idn.employeeId,
      record_id: id,
      time,
      direction: "in",
      location: null,
      place_name: "总部",
      wifi_bssid: null,
      field: false,
      suspicious: false,
      suspicious_reason: null,
      remark: null,
      vendor: { id, legacy: true },
    });
    await db.insert(inboxEvents).values([
      { source: "dingtalk", channel: "pull", eventType: PULL_BATCH_EVENT, dedupeKey: "legacy-batch", raw: "{}", payload: { records: [mapped("legacy-1", "2026-11-20T00:58:00.000Z")] } },
      { source: "dingtalk", channel: "pull", eventType: PULL_EVENT, dedupeKey: "legacy-one", raw: "{}", payload: mapped("legacy-2", "2026-11-21T00:59:00.000Z") },
    ]);
    await drain();
    const rows = await db.select().from(punches).where(and(eq(punches.source, "dingtalk"), sql`${punches.recordId} IN ('legacy-1', 'legacy-2')`)).orderBy(punches.recordId);
    expect(rows.map((r) => [r.recordId, r.employeeId, r.punchedAt.toISOString(), r.raw])).toEqual([
      ["legacy-1", idn.employeeId, "2026-11-20T00:58:00.000Z", { id: "legacy-1", legacy: true }],
      ["legacy-2", idn.employeeId, "2026-11-21T00:59:00.000Z", { id: "legacy-2", legacy: true }],
    ]);
  });
});
