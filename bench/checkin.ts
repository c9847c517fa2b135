// bench/checkin.ts: 10,000 invitees check in through the QR flow against `next start` + PostgreSQL.
// Prints p50/p99 latency, throughput, how far the organiser's live view (SSE) lagged behind the truth, and
// verifies every person was recorded exactly once (plus one OA outbox row each).
// Sessions are minted as Auth.js JWT cookies with the app's generated secret (the sign-in flow itself is
// covered by the identity e2e tests); QR codes come from the same HMAC as the organiser's display.
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { encode } from "next-auth/jwt";
import { qrCode } from "../lib/meetings/qr";
import { createDatabase, percentile, startApp } from "./lib/server";

const N = Number(process.env.BENCH_CHECKINS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 48);
const PORT = Number(process.env.BENCH_PORT ?? 3305);
const COOKIE = "authjs.session-token";

async function cookieFor(secret: string, employeeId: number): Promise<string> {
  const token = await encode({ token: { sub: String(employeeId), employeeId, provider: "wecom", sid: randomUUID() }, secret, salt: COOKIE, maxAge: 3600 });
  return `${COOKIE}=${token}`;
}

async function main() {
  const dbh = await createDatabase("qd_bench_checkin");
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (to see where a check-in's time goes).
  const prof = process.env.BENCH_CPU_PROF;
  const app = await startApp({
    port: PORT,
    databaseUrl: dbh.url,
    env: { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? "30", LOG_LEVEL: "error" },
    script: prof ? [process.execPath, "--cpu-prof", `--cpu-prof-dir=${prof}`, "node_modules/next/dist/bin/next", "start", "-p", String(PORT)] : undefined,
  });
  const pg = new Client({ connectionString: dbh.url });
  await pg.connect();
  try {
    // 10,000 invitees in one department, each with a WeCom identity; one meeting that started a minute ago.
    const [{ id: deptId }] = (await pg.query(`select id from departments order by depth limit 1`)).rows;
    await pg.query(
      `insert into employees (employee_no, name, department_id) select 'B' || lpad(g::text, 6, '0'), '压测员工' || g, $1 from generate_series(1, $2) g`,
      [deptId, N],
    );
    await pg.query(`insert into identities (provider, corp_id, external_id, employee_id, matched_by)
      select 'wecom', 'bench', employee_no, id, 'seed' from employees where employee_no like 'B%'`);
    const [{ id: organiserId }] = (await pg.query(`select e.id from employees e join role_grants g on g.department_id = e.department_id and g.role = 'hr' limit 1`)).rows;
    const [{ id: meetingId }] = (
      await pg.query(`insert into meetings (source, external_id, title, organizer_id, starts_at, ends_at, business_date, late_after_minutes)
        values ('local', 'bench-' || md5(random()::text), '万人大会', $1, now() - interval '1 minute', now() + interval '2 hours', current_date, 5) returning id`, [organiserId])
    ).rows;
    await pg.query(`insert into meeting_invitees (meeting_id, employee_id) select $1, id from employees where employee_no like 'B%'`, [meetingId]);
    const ids: number[] = (await pg.query(`select id from employees where employee_no like 'B%' order by id`)).rows.map((r) => Number(r.id));
    const settings = Object.fromEntries((await pg.query(`select key, value from app_settings`)).rows.map((r) => [r.key, r.value as string]));
    const authSecret = process.env.AUTH_SECRET ?? settings.auth_secret;
    console.log(`prepared ${ids.length} invitees for meeting ${meetingId}; minting sessions…`);
    const cookies = await Promise.all(ids.map((id) => cookieFor(authSecret, id)));
    const organiserCookie = await cookieFor(authSecret, Number(organiserId));

    // Warm up the route (first request compiles/loads the bundle).
    await fetch(`${app.url}/api/meetings/${meetingId}/live`, { headers: { cookie: organiserCookie } });

    // The organiser's live view over SSE, sampled while the burst runs.
    const acks: number[] = []; // time each successful check-in was acknowledged
    const samples: { at: number; count: number }[] = [];
    const ac = new AbortController();
    const sse = (async () => {
      const r = await fetch(`${app.url}/api/meetings/${meetingId}/live`, { headers: { cookie: organiserCookie, accept: "text/event-stream" }, signal: ac.signal });
      const reader = r.body!.getReader();
      const dec = new TextDecoder();
      let buf = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (block.includes("event: view") && data) {
              const v = JSON.parse(data.slice(6));
              samples.push({ at: Date.now(), count: v.counts.on_time + v.counts.late + v.counts.early_leave });
            } else samples.push({ at: Date.now(), count: -1 }); // ping: unchanged
          }
        }
      } catch {
        /* aborted */
      }
    })();

    // Transactions committed in this database during the burst (each autocommit statement is one): a proxy for
    // the database round trips one check-in costs (the SSE poller adds a few per second).
    const xacts = async () => Number((await pg.query(`select pg_stat_clear_snapshot(); select xact_commit from pg_stat_database where datname = current_database()`).then((r) => (r as unknown as { rows: { xact_commit: string }[] }[])[1].rows[0].xact_commit)));
    const xact0 = await xacts();
    const secret = settings.qr_secret;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= ids.length) return;
          const code = qrCode(secret, Number(meetingId), new Date()).code;
          const s = performance.now();
          const r = await fetch(`${app.url}/api/checkin`, {
            method: "POST",
            headers: { cookie: cookies[i], origin: app.url, "content-type": "application/json", "user-agent": "bench wxwork iPhone" },
            body: JSON.stringify({ method: "qr", meetingId: Number(meetingId), code }),
          });
          await r.arrayBuffer();
          latencies.push(performance.now() - s);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 201) acks.push(Date.now());
        }
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2500)); // let the live view catch up
    ac.abort();
    await sse.catch(() => undefined);

    // Lag: for each view sample showing c check-ins, the oldest acknowledged check-in it did not show yet.
    acks.sort((a, b) => a - b);
    let last = 0;
    let maxLag = 0;
    const lags: number[] = [];
    for (const s of samples) {
      if (s.count >= 0) last = s.count;
      const missingSince = acks[last]; // the (last+1)-th acknowledgement
      const lag = missingSince !== undefined && missingSince < s.at ? s.at - missingSince : 0;
      lags.push(lag);
      maxLag = Math.max(maxLag, lag);
    }
    const finalView = [...samples].reverse().find((s) => s.count >= 0)?.count ?? 0;

    const xactPerCheckIn = ((await xacts()) - xact0) / N;
    const [{ n, d }] = (await pg.query(`select count(*)::int n, count(distinct employee_id)::int d from meeting_attendance where meeting_id = $1`, [meetingId])).rows;
    const [{ oa }] = (await pg.query(`select count(*)::int oa from oa_outbox where aggregate_type = 'meeting_attendance'`)).rows;
    console.log(`check-ins: ${N} in ${elapsed.toFixed(1)} s (${(N / elapsed).toFixed(0)}/s, concurrency ${CONCURRENCY})`);
    console.log(`HTTP statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    console.log(`latency ms: p50 ${percentile(latencies, 50).toFixed(0)}  p90 ${percentile(latencies, 90).toFixed(0)}  p99 ${percentile(latencies, 99).toFixed(0)}  max ${Math.max(...latencies).toFixed(0)}`);
    console.log(`database transactions committed per check-in (incl. session check and SSE polling): ${xactPerCheckIn.toFixed(2)}`);
    console.log(`rows: ${n} attendance rows for ${d} distinct people (expected ${N} and ${N}); OA outbox rows: ${oa}`);
    console.log(`organiser live view (SSE): ${samples.length} samples, lag behind truth max ${maxLag} ms, p99 ${percentile(lags, 99)} ms; final count ${finalView}`);
    const ok = n === N && d === N && elapsed <= 60 && maxLag <= 2000 && finalView === N;
    console.log(ok ? "PASS: every invitee recorded once, within 60 s, live view within 2 s" : "FAIL: see numbers above");
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
