// Approvals (issue 15): on `next start` + a fresh PostgreSQL with the demo company,
//   · 10,000 OA approval todos pushed through POST /api/v1/approval-items in batches of 200 (one API key), the rate
//     printed; then the same 10,000 again: every one answered "duplicate" (nothing written twice); then the time the
//     inbox worker takes to write them all as items;
//   · the 待办 list of one approver with 2,000 open items among them (some overdue): what /todos reads — the first
//     page of 待我处理 (lib/approvals/queries approvalTodoList) and the four segment counts — p50/p95 over 50 runs
//     (target p95 < 150 ms).
//   npm run bench -- approvals     (BENCH_PORT, default 3307; BENCH_APPROVAL_ITEMS, default 10,000)
import { spawnSync } from "node:child_process";

if (!(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim() },
  });
  process.exit(r.status ?? 1);
}

const PORT = Number(process.env.BENCH_PORT ?? 3307);
const ITEMS = Number(process.env.BENCH_APPROVAL_ITEMS ?? 10_000);
const BATCH = 200;
const MINE = Math.round(ITEMS / 5); // every fifth item asks the bench approver: 2,000 of 10,000
const RUNS = 50;

async function main() {
  const { performance } = await import("node:perf_hooks");
  const { sql } = await import("drizzle-orm");
  const { openDatabase } = await import("@/db/client");
  const { createDatabase, percentile, startApp } = await import("./lib/server");
  const { createApiKey } = await import("@/lib/oa-sync/api/keys");
  const { buildViewer } = await import("@/lib/auth/build-viewer");
  const { approvalSegmentCounts, approvalTodoList } = await import("@/lib/approvals/queries");
  const { rowsOf } = await import("@/lib/oa-sync/dispatcher");

  const target = await createDatabase("qd_bench_approvals");
  const app = await startApp({ port: PORT, databaseUrl: target.url });
  const database = await openDatabase({ url: target.url, poolSize: 4 });
  const db = database.db;
  try {
    // The demo company is seeded at the app's first start: wait for its people.
    let people: { id: string; employee_no: string }[] = [];
    for (let i = 0; i < 240 && people.length < 40; i++) {
      people = rowsOf(await db.execute(sql`SELECT id::text, employee_no FROM employees WHERE status = 'active' ORDER BY id LIMIT 41`));
      if (people.length < 40) await new Promise((r) => setTimeout(r, 500));
    }
    if (people.length < 40) throw new Error("the demo company was not seeded");
    const approver = people[0];
    const others = people.slice(1, 21).map((p) => p.employee_no);
    const applicants = people.slice(21).map((p) => p.employee_no);
    const { key } = await createApiKey(db, { system: "bench" }, { name: "bench approvals", scopes: ["approvals:write", "approvals:read"], rateLimitPerMinute: 10_000 });

    const now = Date.now();
    const item = (i: number) => ({
      id: `BENCH-${i}`,
      version: 1,
      title: `采购申请 ${i}`,
      applicant_employee_no: applicants[i % applicants.length],
      approver_employee_nos: [i % 5 === 0 ? approver.employee_no : others[i % others.length]],
      fields: [
        { label: "金额", value: `¥${(i % 97) * 100}.00` },
        { label: "事由", value: "办公用品" },
      ],
      link: `https://oa.example.com/approvals/BENCH-${i}`,
      // a tenth overdue, the rest due in the coming days
      due_at: new Date(now + (i % 10 === 0 ? -1 : 1) * (1 + (i % 72)) * 3_600_000).toISOString(),
    });
    const push = async (): Promise<{ seconds: number; counts: Record<string, number> }> => {
      const counts: Record<string, number> = {};
      const t0 = performance.now();
      for (let b = 0; b < ITEMS; b += BATCH) {
        const items = Array.from({ length: Math.min(BATCH, ITEMS - b) }, (_, k) => item(b + k));
        const r = await fetch(`${app.url}/api/v1/approval-items`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ items }) });
        if (r.status === 429) {
          await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get("retry-after") ?? 1)));
          b -= BATCH;
          continue;
        }
        if (!r.ok) throw new Error(`push answered ${r.status}: ${await r.text()}`);
        for (const x of ((await r.json()) as { results: { status: string }[] }).results) counts[x.status] = (counts[x.status] ?? 0) + 1;
      }
      return { seconds: (performance.now() - t0) / 1000, counts };
    };
    const first = await push();
    console.log(`  push ${ITEMS} OA items in batches of ${BATCH}: ${first.seconds.toFixed(1)} s, ${(ITEMS / first.seconds).toFixed(0)} items/s · ${JSON.stringify(first.counts)}`);
    const second = await push();
    console.log(`  the same ${ITEMS} again: ${second.seconds.toFixed(1)} s, ${(ITEMS / second.seconds).toFixed(0)} items/s · ${JSON.stringify(second.counts)}`);
    if (first.counts.accepted !== ITEMS) console.log("  FAIL: not every item of the first pass was accepted");
    if (second.counts.duplicate !== ITEMS) console.log("  FAIL: not every item of the second pass was a duplicate");

    const t0 = performance.now();
    let written = 0;
    for (let i = 0; i < 1200 && written < ITEMS; i++) {
      written = Number(rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM approval_items WHERE source = 'oa' AND external_id LIKE 'BENCH-%'`))[0].n);
      if (written < ITEMS) await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`  inbox → items: ${written} of ${ITEMS} written ${((performance.now() - t0) / 1000).toFixed(1)} s after the first pass`);
    await db.execute(sql`ANALYZE`);

    const viewer = (await buildViewer(db, Number(approver.id)))!;
    const times: number[] = [];
    let open = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      const s = performance.now();
      const [list, counts] = await Promise.all([approvalTodoList(db, viewer, { segment: "todo", limit: 50 }), approvalSegmentCounts(db, viewer)]);
      if (i >= 5) times.push(performance.now() - s);
      open = counts.todo;
      if (list.items.length !== Math.min(50, counts.todo) || !list.items[0]?.overdue) throw new Error(`unexpected list: ${list.items.length} rows of ${counts.todo}, first overdue ${list.items[0]?.overdue}`);
    }
    const p95 = percentile(times, 95);
    console.log(`  待办 list of an approver with ${open} open items (first page + segment counts): p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms (target < 150 ms)`);
    if (open < MINE) console.log(`  FAIL: the approver has ${open} open items, expected ${MINE}`);
    if (p95 >= 150) console.log("  FAIL: 待办 list p95 over 150 ms");
  } finally {
    await database.close?.();
    await app.stop();
    await target.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
