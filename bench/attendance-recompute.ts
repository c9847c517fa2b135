// Attendance recompute: a month (2026-03, 31 days) for N people — N × 31 person-days — through the real batched
// recompute (lib/attendance/recompute.ts: inputs loaded once per chunk, multi-row writes of the results, expected
// slots and OA outbox rows), printed beside the raw multi-row insert rate of the same attendance_days rows in the
// same run (target: within 3×). Then one person-day after a late punch (writePunch: business date, the punch, the
// recompute, the outbox rows; one transaction each), p50/p95 over 200 (target p95 < 50 ms).
// No app server needed. Args: --people <n> (default 10000; env BENCH_ATT_PEOPLE), --samples <n> (default 200).
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { attendanceDays } from "@/db/schema";
import { refreshCalendar } from "@/lib/attendance/calendar";
import { writePunch } from "@/lib/attendance/punches/store";
import { DAY_COLUMNS, dayJson, recomputeMany } from "@/lib/attendance/recompute";
import { addDays } from "@/lib/time";
import { createDatabase, percentile } from "./lib/server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  const n = Number(v ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}
const PEOPLE = arg("people", Number(process.env.BENCH_ATT_PEOPLE ?? 10_000));
const SAMPLES = arg("samples", 200);
const MONTH = Array.from({ length: 31 }, (_, i) => addDays("2026-03-01", i));
const PEOPLE_PER_TX = 320; // ≈ 10,000 person-days a transaction (the recompute's own chunk)
const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];

async function main() {
  const target = await createDatabase("qd_bench_att");
  const database = await openDatabase({ url: target.url, poolSize: 4 });
  const db = database.db;
  try {
    // --- setup (not timed): calendar, 10 departments, N people, a 标准班 group, a month of punches ---
    let t0 = performance.now();
    await refreshCalendar(db, { years: [2026] });
    await db.execute(sql`INSERT INTO departments (code, name, path) SELECT 'b' || g, '部门' || g, '/' FROM generate_series(1, 10) g`);
    await db.execute(sql`UPDATE departments SET path = '/' || id || '/'`);
    await db.execute(sql`
      INSERT INTO employees (employee_no, name, department_id)
      SELECT 'B' || lpad(g::text, 6, '0'), '员工' || g, (SELECT min(id) FROM departments) + (g % 10) FROM generate_series(1, ${PEOPLE}) g`);
    await db.execute(sql`
      INSERT INTO shifts (name, kind, sections, grace_minutes, serious_late_minutes, absent_late_minutes)
      VALUES ('标准班', 'fixed', '[{"start":540,"end":1080,"rests":[{"start":720,"end":780}]}]', 5, 30, 120)`);
    await db.execute(sql`INSERT INTO attendance_groups (name, default_shift_id) SELECT '标准班组', max(id) FROM shifts`);
    await db.execute(sql`INSERT INTO attendance_group_members (group_id, department_id) SELECT (SELECT max(id) FROM attendance_groups), id FROM departments`);
    // in around 09:00 (−10 … +12 min: some late), out around 18:00; 4 % forget to punch out; deterministic (hashtext)
    await db.execute(sql`
      INSERT INTO punches (source, record_id, device_id, employee_id, punched_at, business_date, direction)
      SELECT 'device', e.id || ':' || c.date || ':' || k.dir, 'bench', e.id,
             (c.date::text || ' ' || CASE k.dir WHEN 'in' THEN '09:00' ELSE '18:00' END || ':00+08')::timestamptz
               + make_interval(mins => CASE k.dir WHEN 'in' THEN abs(hashtext(e.id || c.date::text)) % 23 - 10 ELSE abs(hashtext(c.date::text || e.id)) % 40 END),
             c.date, k.dir
        FROM employees e
        JOIN calendar_days c ON c.date BETWEEN '2026-03-01' AND '2026-03-31' AND c.day_type IN ('workday', 'makeup_workday')
        CROSS JOIN (VALUES ('in'), ('out')) AS k(dir)
       WHERE k.dir = 'in' OR abs(hashtext('o' || e.id || c.date::text)) % 100 >= 4`);
    await db.execute(sql`ANALYZE`);
    const [{ n: punchCount }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM punches`));
    const employeeIds = rowsOf<{ id: number }>(await db.execute(sql`SELECT id::int AS id FROM employees ORDER BY id`)).map((r) => Number(r.id));
    console.log(`  setup: ${PEOPLE} people, ${punchCount} punches in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // --- recompute the month: N × 31 person-days ---
    t0 = performance.now();
    let changed = 0;
    for (let i = 0; i < employeeIds.length; i += PEOPLE_PER_TX) {
      const pairs = employeeIds.slice(i, i + PEOPLE_PER_TX).flatMap((employeeId) => MONTH.map((date) => ({ employeeId, date })));
      changed += await db.transaction(async (tx) => (await recomputeMany(tx, pairs, "Asia/Shanghai")).filter((o) => o.changed).length);
    }
    const recomputeS = (performance.now() - t0) / 1000;
    const personDays = PEOPLE * MONTH.length;
    const [counts] = rowsOf<{ days: number; slots: number; outbox: number }>(
      await db.execute(sql`SELECT (SELECT count(*) FROM attendance_days)::int AS days, (SELECT count(*) FROM expected_slots)::int AS slots,
                                  (SELECT count(*) FROM oa_outbox WHERE aggregate_type = 'attendance_day')::int AS outbox`),
    );
    console.log(`  recompute: ${personDays} person-days (${changed} new results) in ${recomputeS.toFixed(2)} s = ${(personDays / recomputeS).toFixed(0)} person-days/s`);
    console.log(`             wrote ${counts.days} attendance_days, ${counts.slots} expected_slots, ${counts.outbox} OA outbox rows`);

    // --- raw insert of the same attendance_days rows: plain multi-row INSERT (rows as one JSON parameter, 5,000 a
    // statement, the shape the recompute writes with), one transaction per chunk, into an empty table of the same
    // definition (indexes included) ---
    await db.execute(sql`CREATE TABLE attendance_days_raw (LIKE attendance_days INCLUDING ALL)`);
    await db.execute(sql`CREATE TABLE expected_slots_raw (LIKE expected_slots INCLUDING ALL)`);
    await db.execute(sql`CREATE TABLE oa_outbox_raw (LIKE oa_outbox INCLUDING ALL)`);
    let rawOtherS = 0;
    const cols = DAY_COLUMNS.map(([c]) => c).join(", ");
    let rawS = 0;
    let rawCount = 0;
    for (let i = 0; i < employeeIds.length; i += PEOPLE_PER_TX) {
      const ids = employeeIds.slice(i, i + PEOPLE_PER_TX);
      const values = (await db.select().from(attendanceDays).where(sql`${attendanceDays.employeeId} = ANY(${sql.raw(`ARRAY[${ids.join(",")}]::bigint[]`)})`)).map(({ id: _id, computedAt: _c, ...r }) => r);
      const t1 = performance.now();
      await db.transaction(async (tx) => {
        for (let j = 0; j < values.length; j += 5_000) {
          await tx.execute(sql`
            INSERT INTO attendance_days_raw (${sql.raw(cols)}, computed_at)
            SELECT ${sql.raw(cols)}, now() FROM jsonb_to_recordset(${JSON.stringify(values.slice(j, j + 5_000).map(dayJson))}::jsonb)
              AS x(${sql.raw(DAY_COLUMNS.map(([c, type]) => `${c} ${type}`).join(", "))})`);
        }
      });
      rawS += (performance.now() - t1) / 1000;
      rawCount += values.length;
      // the other rows the recompute wrote for these people: their expected slots and OA outbox rows
      const idList = sql.raw(`ARRAY[${ids.join(",")}]::bigint[]`);
      const slots = rowsOf(await db.execute(sql`SELECT * FROM expected_slots WHERE employee_id = ANY(${idList})`));
      const outbox = rowsOf(await db.execute(sql`SELECT o.* FROM oa_outbox o JOIN attendance_days a ON a.id::text = o.aggregate_id AND o.aggregate_type = 'attendance_day' WHERE a.employee_id = ANY(${idList})`));
      const t2 = performance.now();
      await db.transaction(async (tx) => {
        for (let j = 0; j < slots.length; j += 5_000) {
          await tx.execute(sql`INSERT INTO expected_slots_raw SELECT * FROM jsonb_populate_recordset(null::expected_slots_raw, ${JSON.stringify(slots.slice(j, j + 5_000))}::jsonb)`);
        }
        for (let j = 0; j < outbox.length; j += 5_000) {
          await tx.execute(sql`INSERT INTO oa_outbox_raw SELECT * FROM jsonb_populate_recordset(null::oa_outbox_raw, ${JSON.stringify(outbox.slice(j, j + 5_000))}::jsonb)`);
        }
      });
      rawOtherS += (performance.now() - t2) / 1000;
    }
    console.log(`  raw insert of the same rows: ${rawCount} attendance_days rows in ${rawS.toFixed(2)} s = ${(rawCount / rawS).toFixed(0)} rows/s`);
    console.log(`  raw insert of its slots and outbox rows too: ${counts.slots} + ${counts.outbox} rows in ${rawOtherS.toFixed(2)} s (all rows: ${(rawS + rawOtherS).toFixed(2)} s)`);
    const ratio = recomputeS / rawS;
    const ratioAll = recomputeS / (rawS + rawOtherS);
    console.log(`  recompute / raw insert of the attendance_days rows: ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? "ok" : "OVER TARGET"}`);
    console.log(`  recompute / raw insert of every row it writes (days + slots + outbox): ${ratioAll.toFixed(2)}×`);

    // --- one person-day after a late punch ---
    const times: number[] = [];
    const workdays = MONTH.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    for (let s = 0; s < SAMPLES; s++) {
      const employeeId = employeeIds[(s * 7919) % employeeIds.length];
      const date = workdays[s % workdays.length];
      const t1 = performance.now();
      await db.transaction((tx) =>
        writePunch(tx, { source: "device", deviceId: "bench-late", recordId: `late-${s}`, employeeId, punchedAt: new Date(`${date}T09:${String(20 + (s % 30)).padStart(2, "0")}:00+08:00`), direction: "in" }, "Asia/Shanghai"),
      );
      times.push(performance.now() - t1);
    }
    const p95 = percentile(times, 95);
    console.log(`  late punch → person-day recomputed (one tx): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${SAMPLES} (target p95 < 50 ms) ${p95 < 50 ? "ok" : "OVER TARGET"}`);
  } finally {
    await database.close();
    await target.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
