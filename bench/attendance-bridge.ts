// The DingTalk ↔ WeCom bridge at scale (issue 13 item 5): N DingTalk punches stored with the bridge on reach the
// simulated WeCom 打卡 through add_checkin_record in batches of ≤200, through the real client, shared rate budget and
// sender, against the simulator's handlers in process and a fresh PostgreSQL database. Then: a second run pushes
// nothing; with both ways on, the copies WeCom now holds (pulled back as WeCom punches) are never sent to DingTalk,
// while WeCom's own punches are. Fails on any rate-limit answer, any batch over 200, or anything sent twice.
//   npx tsx bench/attendance-bridge.ts      (or `npm run bench -- attendance-bridge`)
// Env: DATABASE_URL (PostgreSQL), BENCH_PUNCHES (default 10000), BENCH_WECOM_NATIVE (WeCom's own punches, default 200).
import { spawnSync } from "node:child_process";

if (!(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim(), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  });
  process.exit(r.status ?? 1);
}

const N = Number(process.env.BENCH_PUNCHES ?? 10_000);
const NATIVE = Number(process.env.BENCH_WECOM_NATIVE ?? 200);

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL (PostgreSQL) is required");
  const { sql, eq } = await import("drizzle-orm");
  const { createTestDatabase } = await import("@/tests/db");
  const { employees, identities, roleGrants, attendanceBridge } = await import("@/db/schema");
  const { resetSim, simState } = await import("@/lib/vendors/sim/state");
  const { attendanceEdits } = await import("@/lib/vendors/sim/attendance");
  const { simulatorFetch } = await import("@/lib/vendors/sim/fetch");
  const { SIM } = await import("@/lib/vendors/config");
  const { writePunches } = await import("@/lib/attendance/punches/store");
  const { setBridgeSettings } = await import("@/lib/attendance/bridge/settings");
  const { runAttendanceBridge } = await import("@/lib/attendance/bridge/send");
  const { addDays, businessDate } = await import("@/lib/time");

  const t = await createTestDatabase();
  const db = t.database.db;
  let ok = true;
  const fail = (why: string) => {
    ok = false;
    console.log(`  FAIL: ${why}`);
  };
  try {
    resetSim("large");
    const s = simState();
    const people = Math.min(N, s.directory.wecom.users.size, s.directory.dingtalk.users.size);
    const wecomUsers = [...s.directory.wecom.users.values()].slice(0, people);
    const dingByNo = new Map([...s.directory.dingtalk.users.values()].map((u) => [u.jobNumber, u]));
    const ids: number[] = [];
    const empOfWecom = new Map<string, number>();
    for (let i = 0; i < wecomUsers.length; i += 1000) {
      const part = wecomUsers.slice(i, i + 1000);
      const rows = await db.insert(employees).values(part.map((u) => ({ employeeNo: u.jobNumber, name: u.name }))).returning({ id: employees.id, no: employees.employeeNo });
      const byNo = new Map(rows.map((r) => [r.no, r.id]));
      ids.push(...rows.map((r) => r.id));
      for (const u of part) empOfWecom.set(u.userid, byNo.get(u.jobNumber)!);
      await db.insert(identities).values(part.map((u) => ({ provider: "wecom" as const, corpId: SIM.wecom.corpId, externalId: u.userid, employeeId: byNo.get(u.jobNumber)!, matchedBy: "seed" as const })));
      const dt = part.map((u) => dingByNo.get(u.jobNumber)).filter((u) => u !== undefined);
      await db.insert(identities).values(dt.map((u) => ({ provider: "dingtalk" as const, corpId: SIM.dingtalk.corpId, externalId: u.userid, employeeId: byNo.get(u.jobNumber)!, matchedBy: "seed" as const })));
    }
    await db.insert(roleGrants).values({ employeeId: ids[0], role: "admin" });
    const admin = { employeeId: ids[0], employeeNo: "A", name: "admin", departmentId: null, departmentName: null, roles: new Set(["employee", "admin"] as const), managedPaths: [], provider: "wecom" as const };
    const day = addDays(businessDate(new Date()), -1);
    await setBridgeSettings(db, admin as never, { mode: "dingtalk_to_wecom", from: day });
    const http = { fetch: simulatorFetch, timeoutMs: 30_000 };

    // N DingTalk punches (one or more per person, on `day`), stored through the punch write path in batches of 500
    const base = Date.parse(`${day}T08:30:00+08:00`);
    const t0 = performance.now();
    for (let i = 0; i < N; i += 500) {
      await writePunches(
        db,
        Array.from({ length: Math.min(500, N - i) }, (_, k) => {
          const n = i + k;
          return { source: "dingtalk" as const, recordId: `bench-${n}`, employeeId: ids[n % ids.length], punchedAt: new Date(base + Math.floor(n / ids.length) * 9 * 3_600_000 + (n % 3_600) * 1000) };
        }),
        undefined,
        { recompute: false },
      );
    }
    const stored = (performance.now() - t0) / 1000;
    const queued = (await db.select({ n: sql<number>`count(*)::int` }).from(attendanceBridge))[0].n;
    console.log(`attendance bridge: ${N} DingTalk punches of ${ids.length} people stored in ${stored.toFixed(1)} s, ${queued} queued for WeCom`);
    if (queued !== N) fail(`queued ${queued}, expected ${N}`);

    s.calls.clear();
    s.rateLimited.clear();
    const t1 = performance.now();
    let ticks = 0;
    while ((await runAttendanceBridge(db, { http })) > 0) ticks++;
    const secs = (performance.now() - t1) / 1000;
    const adds = s.calls.get("wecom:/cgi-bin/checkin/add_checkin_record") ?? 0;
    const ups = attendanceEdits().uploads.filter((u) => u.vendor === "wecom");
    const maxBatch = Math.max(0, ...ups.map((u) => u.batch));
    const limited = [...s.rateLimited.values()].reduce((a, b) => a + b, 0);
    // the floor the limit sets: add_checkin_record at 600/min (WeCom publishes none; held to punch_correction's)
    const floor = Math.max(0, Math.ceil(adds / 600) - 1) * 60;
    console.log(
      `  DingTalk → WeCom: ${ups.length} punches in ${adds} calls (largest batch ${maxBatch}, limit 200), ${secs.toFixed(1)} s ` +
        `(${(ups.length / secs).toFixed(0)} punches/s; rate-limit floor ${floor} s), rate-limit answers ${limited}, ticks ${ticks}`,
    );
    if (ups.length !== N) fail(`WeCom holds ${ups.length} copies, expected ${N}`);
    if (new Set(ups.map((u) => `${u.userid}|${u.at}`)).size !== ups.length) fail("a punch reached WeCom twice");
    if (maxBatch > 200) fail("a batch over 200");
    if (limited) fail("rate-limit answers");

    s.calls.clear();
    const again = await runAttendanceBridge(db, { http });
    const again2 = s.calls.get("wecom:/cgi-bin/checkin/add_checkin_record") ?? 0;
    console.log(`  second run: ${again} rows, ${again2} calls`);
    if (again2 !== 0) fail("the second run called WeCom");

    // Both ways: the copies come back from WeCom as WeCom punches (as a pull would store them), plus WeCom's own.
    await setBridgeSettings(db, admin as never, { mode: "both", from: day });
    const copies = ups.map((u, n) => ({ source: "wecom" as const, recordId: `copy-${n}`, employeeId: empOfWecom.get(u.userid)!, punchedAt: new Date(u.at) }));
    const natives = Array.from({ length: NATIVE }, (_, n) => ({ source: "wecom" as const, recordId: `native-${n}`, employeeId: ids[n % ids.length], punchedAt: new Date(base + 10 * 3_600_000 + n * 1000 + 500) }));
    for (let i = 0; i < copies.length; i += 500) await writePunches(db, copies.slice(i, i + 500), undefined, { recompute: false });
    await writePunches(db, natives, undefined, { recompute: false });
    s.calls.clear();
    const t2 = performance.now();
    while ((await runAttendanceBridge(db, { http })) > 0);
    const secs2 = (performance.now() - t2) / 1000;
    const toDing = attendanceEdits().uploads.filter((u) => u.vendor === "dingtalk").length;
    const dingCalls = s.calls.get("dingtalk:/topapi/attendance/record/upload") ?? 0;
    const wecomAgain = s.calls.get("wecom:/cgi-bin/checkin/add_checkin_record") ?? 0;
    console.log(
      `  both ways: ${copies.length} copies pulled back from WeCom → 0 expected to DingTalk; ${NATIVE} WeCom-own punches → DingTalk: ${toDing} uploads in ${dingCalls} calls, ${secs2.toFixed(1)} s ` +
        `(limit 20/s: floor ${Math.max(0, Math.ceil(NATIVE / 20) - 1)} s); WeCom calls ${wecomAgain}`,
    );
    if (toDing !== NATIVE) fail(`DingTalk got ${toDing}, expected ${NATIVE} (the copies must not go back)`);
    if (wecomAgain !== 0) fail("something was sent to WeCom again");
    const stuck = await db.select({ n: sql<number>`count(*)::int` }).from(attendanceBridge).where(eq(attendanceBridge.status, "pending"));
    if (stuck[0].n) fail(`${stuck[0].n} rows still pending`);
  } finally {
    await t.close();
  }
  console.log(ok ? "attendance bridge: PASS" : "attendance bridge: FAIL");
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
