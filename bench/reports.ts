// bench/reports.ts: report queries for a 10,000-person meeting and a year of history (5,000 meetings,
// 200,000 attendance rows) through the HTTP API as HR, p50/p95; then the year exported to XLSX (streamed):
// time, size, and the server's peak memory (RSS sampled from /proc while the export runs).
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { encode } from "next-auth/jwt";
import { createDatabase, percentile, startApp } from "./lib/server";

const PORT = Number(process.env.BENCH_PORT ?? 3305);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const COOKIE = "authjs.session-token";

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function time(label: string, url: string, cookie: string) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}`);
    ms.push(performance.now() - s);
  }
  const p95 = percentile(ms, 95);
  console.log(`${label.padEnd(44)} p50 ${percentile(ms, 50).toFixed(0).padStart(4)} ms  p95 ${p95.toFixed(0).padStart(4)} ms  ${p95 < 200 ? "ok" : "SLOW"}`);
  return p95;
}

async function main() {
  const dbh = await createDatabase("qd_bench_reports");
  const app = await startApp({ port: PORT, databaseUrl: dbh.url, env: { LOG_LEVEL: "error" } });
  const pg = new Client({ connectionString: dbh.url });
  await pg.connect();
  try {
    const t0 = Date.now();
    // 10,000 employees spread over the demo departments.
    await pg.query(`insert into employees (employee_no, name, department_id)
      select 'R' || lpad(g::text, 6, '0'), '员工' || g, (select id from departments order by id offset (g % (select count(*) from departments)) limit 1)
      from generate_series(1, 10000) g`);
    await pg.query(`create temp table ids as select id, row_number() over (order by id) rn from employees where employee_no like 'R%'`);
    // A year: 5,000 meetings of 40 people each (200,000 rows), statuses in realistic proportions.
    await pg.query(`insert into meetings (source, external_id, title, starts_at, ends_at, business_date, status, finalized_at)
      select 'local', 'year-' || g, '例会 #' || g, ts, ts + interval '1 hour', (ts at time zone 'Asia/Shanghai')::date, 'ended', now()
      from (select g, date_trunc('day', now()) - interval '365 days' + (g * interval '105 minutes') as ts from generate_series(1, 5000) g) x`);
    await pg.query(`insert into meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, business_date)
      select m.id, i.id,
        (array['on_time','on_time','on_time','on_time','on_time','on_time','late','early_leave','absent','on_leave'])[1 + ((m.id * 7 + k) % 10)],
        'qr', m.starts_at, m.business_date
      from meetings m cross join generate_series(1, 40) k
      join ids i on i.rn = 1 + ((m.id * 40 + k) % 10000)
      where m.external_id like 'year-%'
      on conflict do nothing`);
    // One 10,000-person meeting.
    const [{ id: big }] = (await pg.query(`insert into meetings (source, external_id, title, starts_at, ends_at, business_date, status)
      values ('local', 'big', '万人大会', now() - interval '2 hours', now() - interval '1 hour', current_date, 'ended') returning id`)).rows;
    await pg.query(`insert into meeting_invitees (meeting_id, employee_id) select $1, id from ids`, [big]);
    await pg.query(`insert into meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, business_date)
      select $1, id, (array['on_time','on_time','on_time','late','absent'])[1 + rn % 5], 'qr', now() - interval '2 hours', current_date from ids`, [big]);
    await pg.query(`analyze`);
    const [{ n }] = (await pg.query(`select count(*)::int n from meeting_attendance`)).rows;
    console.log(`prepared ${n} attendance rows (5,000 meetings + a 10,000-person meeting) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const [{ id: hrId }] = (await pg.query(`select e.id from employees e join role_grants g on g.department_id = e.department_id and g.role = 'hr' limit 1`)).rows;
    const secret = process.env.AUTH_SECRET ?? (await pg.query(`select value from app_settings where key = 'auth_secret'`)).rows[0].value;
    const cookie = `${COOKIE}=${await encode({ token: { sub: String(hrId), employeeId: Number(hrId), provider: "wecom", sid: randomUUID() }, secret, salt: COOKIE, maxAge: 3600 })}`;
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

    await fetch(`${app.url}/api/meetings/${big}/report`, { headers: { cookie } }); // warm-up
    const p95s = [
      await time("10,000-person meeting: totals + departments", `${app.url}/api/meetings/${big}/report`, cookie),
      await time("10,000-person meeting: live view", `${app.url}/api/meetings/${big}/live`, cookie),
      await time("period report: last 30 days", `${app.url}/api/meetings/reports?from=${monthAgo}&to=${today}`, cookie),
      await time("period report: the whole year (200k rows)", `${app.url}/api/meetings/reports?from=${yearAgo}&to=${today}`, cookie),
    ];

    // XLSX exports, streamed; sample the server's RSS meanwhile. A month first, then the year (12× the rows): if
    // the export holds rows in memory the year's peak grows with them; streamed, both peaks are about the same.
    const pid = app.child.pid!;
    const exportOnce = async (label: string, from: string) => {
      const before = rssMb(pid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
      const s = performance.now();
      const r = await fetch(`${app.url}/api/meetings/reports/export?from=${from}&to=${today}&format=xlsx`, { headers: { cookie } });
      let bytes = 0;
      const reader = r.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      clearInterval(sampler);
      console.log(`XLSX export of ${label}: HTTP ${r.status}, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - s) / 1000).toFixed(1)} s; server RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`);
      return r;
    };
    await exportOnce("the last 30 days", monthAgo);
    await exportOnce("the last 30 days, again (warm)", monthAgo);
    const r = await exportOnce("the year", yearAgo);
    const ok = p95s.every((p) => p < 200) && r.status === 200;
    console.log(ok ? "PASS: report p95 < 200 ms" : "FAIL: see numbers above");
    if (!ok) process.exitCode = 1;
  } finally {
    await pg.end();
    await app.stop();
    await dbh.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
