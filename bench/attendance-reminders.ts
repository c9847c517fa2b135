// The "attendance.reminders" loop (lib/attendance/reminders.ts) for an organisation of 10,000 people in one
// reminding attendance group, everyone linked to WeCom, nobody punched in, today's shift started 30 minutes ago:
// the first tick queues each person's "你还没有打上班卡" (time and count printed), a second tick at the same minute
// queues nothing (the outbox's natural key), and the ticks after it — what the loop costs every minute of a working
// day — are timed (p50 / p95). Then the outbox is counted: one punch-in reminder per person, none twice.
// No app server needed (in-process, under the react-server condition like bench/attendance-board.ts).
// Args: --people <n> (default 10000), --ticks <n> (default 10). BENCH_KEEP_DB keeps the database.
import { performance } from "node:perf_hooks";
import { intArg, underReactServer } from "./lib/in-process";

underReactServer();
const PEOPLE = intArg("people", 10_000);
const TICKS = intArg("ticks", 10);

async function main() {
  const { sql } = await import("drizzle-orm");
  const { openDatabase } = await import("@/db/client");
  const { refreshCalendar } = await import("@/lib/attendance/calendar");
  const { runAttendanceReminders } = await import("@/lib/attendance/reminders");
  const { businessDate } = await import("@/lib/time");
  const { createDatabase, percentile } = await import("./lib/server");
  const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];

  const target = await createDatabase("qd_bench_reminders");
  const database = await openDatabase({ url: target.url, poolSize: 4 });
  const db = database.db;
  try {
    // --- setup (not timed) ---
    const now = new Date();
    const tz = "Asia/Shanghai";
    const today = businessDate(now);
    const year = Number(today.slice(0, 4));
    await refreshCalendar(db, { years: [year - 1, year, year + 1] });
    const local = Number(new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", hourCycle: "h23" }).format(now)) * 60 +
      Number(new Intl.DateTimeFormat("en-GB", { timeZone: tz, minute: "2-digit" }).format(now));
    if (local < 40 || local > 23 * 60) throw new Error("run between 00:40 and 23:00 Beijing time: the bench's shift starts 30 minutes before now, today");
    const start = local - 30;
    await db.execute(sql`INSERT INTO departments (code, name, path) VALUES ('R0', '提醒部', '/')`);
    await db.execute(sql`UPDATE departments SET path = '/' || id || '/' WHERE code = 'R0'`);
    await db.execute(sql`
      INSERT INTO employees (employee_no, name, department_id)
      SELECT 'R' || lpad(g::text, 6, '0'), '员工' || g, (SELECT id FROM departments WHERE code = 'R0') FROM generate_series(1, ${PEOPLE}) g`);
    await db.execute(sql`INSERT INTO identities (provider, external_id, employee_id, matched_by) SELECT 'wecom', 'rw' || id, id, 'seed' FROM employees WHERE employee_no LIKE 'R%'`);
    await db.execute(sql`INSERT INTO shifts (name, kind, sections, grace_minutes) VALUES ('提醒班', 'fixed', ${JSON.stringify([{ start, end: start + 480 }])}::jsonb, 5)`);
    // Reminders on, no quiet hours (the bench may run at night), the punch-in reminder 10 minutes after the start.
    const reminders = { enabled: true, punchInAfterMinutes: 10, punchOut: true, missingNextMorning: true, missingAt: "09:30", monthSummary: true, quietStart: "00:00", quietEnd: "00:00" };
    await db.execute(sql`INSERT INTO attendance_groups (name, default_shift_id, reminders) SELECT '提醒组', max(id), ${JSON.stringify(reminders)}::jsonb FROM shifts`);
    await db.execute(sql`INSERT INTO attendance_group_members (group_id, department_id) SELECT (SELECT max(id) FROM attendance_groups), id FROM departments WHERE code = 'R0'`);
    await db.execute(sql`INSERT INTO rosters (employee_id, date, shift_id) SELECT e.id, ${today}::date, (SELECT max(id) FROM shifts) FROM employees e WHERE e.employee_no LIKE 'R%'`);
    await db.execute(sql`ANALYZE`);

    // --- the first tick queues everyone's reminder; the second queues nothing ---
    let t0 = performance.now();
    const first = await runAttendanceReminders(db, now);
    const firstMs = performance.now() - t0;
    t0 = performance.now();
    const second = await runAttendanceReminders(db, now);
    const secondMs = performance.now() - t0;
    console.log(`reminders, ${PEOPLE} people in a reminding group: first tick queued ${first} in ${(firstMs / 1000).toFixed(2)} s; the same minute again queued ${second} in ${(secondMs / 1000).toFixed(2)} s`);

    // --- the ticks after it (one a minute in the worker): nothing new is due, this is the loop's steady cost ---
    const times: number[] = [];
    let more = 0;
    for (let i = 1; i <= TICKS; i++) {
      const at = new Date(now.getTime() + i * 1000);
      const t = performance.now();
      more += await runAttendanceReminders(db, at);
      times.push(performance.now() - t);
    }
    console.log(`steady ticks (${TICKS}): p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, queued ${more}`);

    const byKind = rowsOf<{ kind: string; n: number; people: number; twice: number }>(
      await db.execute(sql`select kind, count(*)::int as n, count(distinct recipient_employee_id)::int as people,
        (select count(*)::int from (select 1 from notification_outbox o2 where o2.kind = o.kind group by recipient_employee_id, dedupe_key having count(*) > 1) x) as twice
        from notification_outbox o group by kind order by kind`),
    );
    for (const k of byKind) console.log(`  outbox ${k.kind}: ${k.n} messages to ${k.people} people, ${k.twice} twice`);
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${target.url}`);
    else await target.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
