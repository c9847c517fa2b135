// Attendance towards the OA: person-days and punches through the one outbox (a changed result = one new version, an
// unchanged recompute = nothing), into the OA's Postgres tables (latest version wins), and through the pull API
// (GET /api/v1/attendance-days, GET /api/v1/punches) paged under concurrent writes without skips or repeats.
import { and, eq, sql } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, departments, employees, oaOutbox, shifts } from "@/db/schema";
import { apiRoute } from "@/lib/oa-sync/api/handler";
import { createApiKey } from "@/lib/oa-sync/api/keys";
import { buildOpenApiDocument } from "@/lib/oa-sync/api/openapi";
import { listAttendanceDaysPage, listPunchesPage } from "@/lib/oa-sync/api/queries";
import { attendanceDaysQuery, punchesQuery } from "@/lib/oa-sync/api/schemas";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { postgresSink } from "@/lib/oa-sync/sinks/postgres";
import type { OutboxItem } from "@/lib/oa-sync/sinks/types";
import { createTestDatabase, testPostgresUrl, withOaDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "./calendar";
import { writePunch, writePunches } from "./punches/store";
import { recomputePersonDay } from "./recompute";

let t: TestDatabase;
let db: Db;
const emps: { id: number; no: string }[] = [];
let deptId = 0;

const outboxOf = async (type: string) =>
  db.select().from(oaOutbox).where(eq(oaOutbox.aggregateType, type)).orderBy(oaOutbox.id);
const dayRow = async (employeeId: number, date: string) =>
  (await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, date))))[0];
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  const [dept] = await db.insert(departments).values({ code: "oa-ops", name: "运营部", path: "/" }).returning();
  deptId = dept.id;
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  const rows = await db
    .insert(employees)
    .values(Array.from({ length: 60 }, (_, i) => ({ employeeNo: `OA${String(i).padStart(3, "0")}`, name: `员工${i}`, departmentId: dept.id })))
    .returning();
  emps.push(...rows.map((r) => ({ id: r.id, no: r.employeeNo })));
  const [standard] = await db
    .insert(shifts)
    .values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5 })
    .returning();
  const [group] = await db.insert(attendanceGroups).values({ name: "标准班组", defaultShiftId: standard.id }).returning();
  await db.insert(attendanceGroupMembers).values({ groupId: group.id, departmentId: dept.id });
});
afterAll(async () => {
  await t?.close();
});

describe("attendance → OA outbox", () => {
  it("a recompute that changes the result sends one new version; one that changes nothing sends nothing", async () => {
    const e = emps[0];
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "oa-1", employeeId: e.id, punchedAt: at("2026-03-02", "09:07"), direction: "in" }));
    const v1 = await dayRow(e.id, "2026-03-02");
    expect(v1).toMatchObject({ version: 1, statuses: expect.arrayContaining(["late"]) });
    let days = (await outboxOf("attendance_day")).filter((o) => o.aggregateId === String(v1.id));
    expect(days.map((o) => [o.version, o.idempotencyKey])).toEqual([[1, `attendance_day:${v1.id}:v1`]]);
    expect(days[0].payload).toMatchObject({ employee_no: e.no, business_date: "2026-03-02", late_minutes: 7, explanation: expect.stringContaining("迟到 7 分钟（宽限 5 分钟）"), version: 1 });
    const punchesOut = await outboxOf("punch");
    expect(punchesOut).toHaveLength(1);
    expect(punchesOut[0].payload).toMatchObject({ employee_no: e.no, source: "device", source_record_id: "oa-1", change_state: "added", version: 1 });

    // Nothing changed: no new version, no outbox row.
    const again = await db.transaction((tx) => recomputePersonDay(tx, e.id, "2026-03-02"));
    expect(again).toMatchObject({ changed: false, version: 1 });
    expect((await outboxOf("attendance_day")).filter((o) => o.aggregateId === String(v1.id))).toHaveLength(1);
    // The same punch again: unchanged, nothing sent.
    const same = await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "oa-1", employeeId: e.id, punchedAt: at("2026-03-02", "09:07"), direction: "in" }));
    expect(same.state).toBe("unchanged");
    expect(await outboxOf("punch")).toHaveLength(1);

    // A punch-out: the result changes → version 2 goes out.
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "oa-2", employeeId: e.id, punchedAt: at("2026-03-02", "18:01"), direction: "out" }));
    days = (await outboxOf("attendance_day")).filter((o) => o.aggregateId === String(v1.id));
    expect(days.map((o) => o.version)).toEqual([1, 2]);
    // The device corrects its first record (09:07 → 09:03): the punch moves to version 2, the day to version 3.
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "oa-1", employeeId: e.id, punchedAt: at("2026-03-02", "09:03"), direction: "in" }));
    const p1 = (await outboxOf("punch")).filter((o) => (o.payload as { source_record_id: string }).source_record_id === "oa-1");
    expect(p1.map((o) => [o.version, (o.payload as { change_state: string }).change_state])).toEqual([[1, "added"], [2, "changed"]]);
    expect(await dayRow(e.id, "2026-03-02")).toMatchObject({ version: 3, statuses: ["normal"] });
  });

  it("a batch of punches sends each touched person-day once", async () => {
    const e = emps[1];
    const before = (await outboxOf("attendance_day")).length;
    await db.transaction((tx) =>
      writePunches(tx, [
        { source: "device", deviceId: "g", recordId: "b-1", employeeId: e.id, punchedAt: at("2026-03-03", "08:55") },
        { source: "device", deviceId: "g", recordId: "b-2", employeeId: e.id, punchedAt: at("2026-03-03", "18:05") },
        { source: "device", deviceId: "g", recordId: "b-3", employeeId: e.id, punchedAt: at("2026-03-04", "08:58") },
      ]),
    );
    const added = (await outboxOf("attendance_day")).slice(before);
    expect(added.map((o) => (o.payload as { business_date: string }).business_date).sort()).toEqual(["2026-03-03", "2026-03-04"]);
    expect(added.every((o) => o.version === 1)).toBe(true);
  });

  const BASE = testPostgresUrl();
  it.skipIf(!BASE)("the Postgres sink lands person-days and punches in the OA's tables; an older version never overwrites a newer one", async () => {
    await withOaDatabase(async (url) => {
      const sink = postgresSink(url);
      try {
        const rows = await db.select().from(oaOutbox).where(sql`${oaOutbox.aggregateType} IN ('attendance_day', 'punch')`).orderBy(oaOutbox.id);
        const items: OutboxItem[] = rows.map((r) => ({ id: r.id, aggregateType: r.aggregateType, aggregateId: r.aggregateId, version: r.version, idempotencyKey: r.idempotencyKey, payload: r.payload, attempts: 0, createdAt: r.createdAt }));
        // Newest versions first, older ones after, then the oldest again (a redelivery): the OA ends on the latest
        // version, each key once. (A batch holds one version per record, as the dispatcher claims them.)
        const byVersion = (v: number) => items.filter((i) => i.version === v);
        const outcomes = [];
        for (const v of [3, 2, 1, 1]) outcomes.push(...(await sink.deliver(byVersion(v))).values());
        expect(outcomes.filter((o) => o.kind !== "delivered")).toEqual([]);
        const oa = new Client({ connectionString: url });
        await oa.connect();
        const day = await oa.query(`SELECT employee_no, business_date::text, statuses, late_minutes, version FROM qiandao_attendance_days WHERE employee_no = $1`, [emps[0].no]);
        expect(day.rows).toEqual([{ employee_no: emps[0].no, business_date: "2026-03-02", statuses: ["normal"], late_minutes: 0, version: 3 }]);
        const punch = await oa.query(`SELECT source_record_id, version, change_state, punched_at FROM qiandao_punches WHERE source_record_id = 'oa-1'`);
        expect(punch.rows).toEqual([{ source_record_id: "oa-1", version: 2, change_state: "changed", punched_at: at("2026-03-02", "09:03") }]);
        const receipts = await oa.query(`SELECT record_type, count(*)::int AS n FROM qiandao_sync_receipts GROUP BY 1 ORDER BY 1`);
        expect(receipts.rows).toEqual([
          { record_type: "attendance_day", n: rows.filter((r) => r.aggregateType === "attendance_day").length },
          { record_type: "punch", n: rows.filter((r) => r.aggregateType === "punch").length },
        ]);
        await oa.end();
      } finally {
        await sink.close?.();
      }
    });
  });
});

describe("pull API: /attendance-days and /punches", () => {
  const base = "http://localhost/api/v1";

  it("pages both feeds with concurrent writers: no row skipped, none repeated, latest version last", async () => {
    const { key } = await createApiKey(db, { system: "test" }, { name: "OA 考勤", scopes: ["attendance_days:read", "punches:read"], rateLimitPerMinute: 10_000 });
    const auth = { authorization: `Bearer ${key}` };
    const DAYS = apiRoute("attendance_days:read", attendanceDaysQuery, (d, a) => listAttendanceDaysPage(d, { ...a, safetyLagMs: 50 }), async () => db);
    const PUNCHES = apiRoute("punches:read", punchesQuery, (d, a) => listPunchesPage(d, { ...a, safetyLagMs: 50 }), async () => db);

    // Writers: transactions that write punches (new ones, and corrections of earlier ones: new versions of both the
    // punch and its person-day) and commit up to 320 ms after they started.
    const dates = ["2026-03-09", "2026-03-10", "2026-03-11"];
    const writing = (async () => {
      const jobs: Promise<unknown>[] = [];
      for (let w = 0; w < 30; w++) {
        const people = emps.slice(2 + (w % 10) * 5, 2 + (w % 10) * 5 + 5);
        const date = dates[Math.floor(w / 10)];
        jobs.push(
          db.transaction(async (tx) => {
            await writePunches(
              tx,
              people.flatMap((e) => [
                { source: "device" as const, deviceId: "pg", recordId: `${e.no}-${date}-in`, employeeId: e.id, punchedAt: at(date, w % 3 ? "08:58" : "09:12") },
                { source: "device" as const, deviceId: "pg", recordId: `${e.no}-${date}-out`, employeeId: e.id, punchedAt: at(date, "18:02") },
              ]),
            );
            if (w >= 10) {
              // correct yesterday's punch-in of the same people (a new punch version, a new day version)
              const prev = dates[Math.floor(w / 10) - 1];
              await writePunches(tx, people.map((e) => ({ source: "device" as const, deviceId: "pg", recordId: `${e.no}-${prev}-in`, employeeId: e.id, punchedAt: at(prev, "09:20") })));
            }
            await tx.execute(sql`SELECT pg_sleep(${(w % 5) * 0.08})`);
          }),
        );
        await new Promise((r) => setTimeout(r, 15));
      }
      await Promise.all(jobs);
    })();
    let writersDone = false;
    void writing.then(() => (writersDone = true));

    async function follow(GET: (r: Request) => Promise<Response>, path: string) {
      const seen = new Map<string, number>();
      const last = new Map<number, number>();
      let cursor: string | null = null;
      let finalPass = 0;
      for (let round = 0; round < 5_000; round++) {
        const url = new URL(`${base}/${path}`);
        url.searchParams.set("limit", "9");
        url.searchParams.set("department_id", String(deptId));
        if (cursor) url.searchParams.set("cursor", cursor);
        const res = await GET(new Request(url, { headers: auth }));
        expect(res.status).toBe(200);
        const body = (await res.json()) as { data: { id: number; version: number }[]; next_cursor: string | null; has_more: boolean; complete_up_to: string };
        for (const r of body.data) {
          const k = `${r.id}:${r.version}`;
          seen.set(k, (seen.get(k) ?? 0) + 1);
          last.set(r.id, r.version);
        }
        cursor = body.next_cursor;
        if (!body.has_more) {
          if (writersDone && new Date(body.complete_up_to).getTime() > Date.now() - 1_000 && ++finalPass > 2) break;
          await new Promise((r) => setTimeout(r, 30));
        }
      }
      return { repeated: [...seen.entries()].filter(([, n]) => n > 1), last };
    }
    const [days, punchFeed] = await Promise.all([follow(DAYS, "attendance-days"), follow(PUNCHES, "punches")]);
    await writing;

    const dayRows = rowsOf<{ id: number; version: number }>(await db.execute(sql`SELECT id::int AS id, version FROM attendance_days`));
    const punchRows = rowsOf<{ id: number; version: number }>(await db.execute(sql`SELECT id::int AS id, jsonb_array_length(history) + 1 AS version FROM punches`));
    expect(dayRows.length).toBeGreaterThan(150);
    expect(punchRows.some((p) => p.version > 1)).toBe(true);
    expect(days.repeated).toEqual([]);
    expect(punchFeed.repeated).toEqual([]);
    expect(dayRows.filter((r) => days.last.get(r.id) !== r.version)).toEqual([]);
    expect(punchRows.filter((r) => punchFeed.last.get(r.id) !== r.version)).toEqual([]);
  }, 90_000);

  it("filters by employee and date, refuses bad parameters and a key without the scope", async () => {
    const { key } = await createApiKey(db, { system: "test" }, { name: "OA 考勤 2", scopes: ["attendance_days:read"], rateLimitPerMinute: 1_000 });
    const DAYS = apiRoute("attendance_days:read", attendanceDaysQuery, (d, a) => listAttendanceDaysPage(d, { ...a, safetyLagMs: 0 }), async () => db);
    const PUNCHES = apiRoute("punches:read", punchesQuery, (d, a) => listPunchesPage(d, { ...a, safetyLagMs: 0 }), async () => db);
    const get = (route: typeof DAYS, q: string) => route(new Request(`${base}/x?${q}`, { headers: { authorization: `Bearer ${key}` } }));
    const r = await get(DAYS, `employee_no=${emps[0].no}&from=2026-03-02&to=2026-03-02`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { data: Record<string, unknown>[] };
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      employee_no: emps[0].no,
      business_date: "2026-03-02",
      statuses: ["normal"],
      late_minutes: 0,
      early_leave_minutes: 0,
      worked_minutes: expect.any(Number),
      overtime_workday_minutes: expect.any(Number),
      overtime_rest_day_minutes: 0,
      overtime_holiday_minutes: 0,
      explanation: expect.any(String),
      version: 3,
    });
    expect((await get(DAYS, "from=2026-03-02&to=2026-03-01")).status).toBe(400);
    expect((await get(DAYS, "employee_no=")).status).toBe(400);
    expect((await get(PUNCHES, "limit=5")).status).toBe(403);
  });

  it("is in the OpenAPI document: both GETs with their scopes, the POST kept", () => {
    const doc = buildOpenApiDocument("http://localhost") as {
      paths: Record<string, Record<string, { "x-required-scope": string; parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.paths["/attendance-days"].get["x-required-scope"]).toBe("attendance_days:read");
    expect(doc.paths["/attendance-days"].get.parameters!.map((p) => p.name).sort()).toEqual(["cursor", "department_id", "employee_no", "from", "limit", "to"]);
    expect(doc.paths["/punches"].get["x-required-scope"]).toBe("punches:read");
    expect(doc.paths["/punches"].post["x-required-scope"]).toBe("punches:write");
    expect(Object.keys(doc.components.schemas.AttendanceDay.properties ?? {})).toEqual(
      expect.arrayContaining(["employee_no", "business_date", "statuses", "late_minutes", "early_leave_minutes", "worked_minutes", "overtime_workday_minutes", "overtime_rest_day_minutes", "overtime_holiday_minutes", "explanation", "version", "updated_at"]),
    );
  });
});
