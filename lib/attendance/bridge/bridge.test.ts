// The DingTalk ↔ WeCom attendance bridge against the simulator (in-process fetch onto the /api/sim/* handlers) and
// a real database: punches pulled from one vendor reach the other in batches within its limits, exactly once;
// nothing is sent back where it came from; refusals, lost answers and unlinked people are handled as documented.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { attendanceBridge, auditLog, identities, notificationOutbox, punches, roleGrants } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { processInboxBatch } from "@/lib/ingest/worker";
import { attendanceEdits, cnMidnight } from "@/lib/vendors/sim/attendance";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { simState } from "@/lib/vendors/sim/state";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { seedSimAttendanceOrg } from "@/tests/sim-attendance-org";
import { firstPeople, refusalOf, viewerOf } from "@/tests/people";
import { runAttendancePull } from "../punches/pull";
import { runAttendanceBridge } from "./send";
import { setBridgeSettings } from "./settings";
import { bridgeStatus, checkBridgeLag } from "./status";

let t: TestDatabase;
let db: Db;
const FROM = "2026-12-01";
const TO = "2026-12-02";
const NOW = new Date("2026-12-03T12:00:00+08:00");
/** what happens to a call of `api`: "lose-answer" = the vendor gets it, we get no answer; "unreached" = never arrives */
const faults = new Map<string, "lose-answer" | "unreached">();
const calls: { api: string; body: Record<string, unknown> }[] = [];
const fetchVia: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const api = url.pathname.replace(/^\/api\/sim\/(wecom|dingtalk\/oapi)/, "");
  const fault = faults.get(api);
  if (fault === "unreached") throw new TypeError("fetch failed");
  calls.push({ api, body: init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {} });
  const r = await simulatorFetch(input, init);
  if (fault === "lose-answer") throw new TypeError("fetch failed");
  return r;
};
const http = { fetch: fetchVia, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000, retries: 0 };
let admin: ReturnType<typeof viewerOf>;
let hr: ReturnType<typeof viewerOf>;

const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const bridge = async () => {
  let total = 0;
  for (let n = 1, guard = 0; n > 0 && guard < 200; guard++) total += n = await runAttendanceBridge(db, { http });
  return total;
};
const countPunches = async (where: ReturnType<typeof sql>) => (await db.select({ n: sql<number>`count(*)::int` }).from(punches).where(where))[0].n;
const uploads = (vendor: "wecom" | "dingtalk") => attendanceEdits().uploads.filter((u) => u.vendor === vendor);
const rows = (direction: string, status?: string) =>
  db
    .select()
    .from(attendanceBridge)
    .where(and(eq(attendanceBridge.direction, direction as "dingtalk_to_wecom"), status ? eq(attendanceBridge.status, status as "sent") : undefined));
const pull = async (source: "wecom" | "dingtalk") => {
  await runAttendancePull(db, { source, from: FROM, to: TO, punchesOnly: true }, { http: { ...http, fetch: simulatorFetch } });
  await drain();
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedSimAttendanceOrg(db);
  const [a, h] = await firstPeople(db, 2);
  admin = viewerOf(a, new Set(["employee", "admin"]));
  hr = viewerOf(h, new Set(["employee", "hr"]));
  await db.insert(roleGrants).values({ employeeId: a.id, role: "admin" });
}, 120_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  faults.clear();
  calls.length = 0;
});

describe("the simulator refuses what the vendors would", () => {
  const call = async (vendor: "wecom" | "dingtalk", path: string, body: unknown) => {
    const tokenUrl =
      vendor === "wecom"
        ? "http://localhost/api/sim/wecom/cgi-bin/gettoken?corpid=wwqiandaodemo0001&corpsecret=sim-wecom-secret-0000000000000000000000000"
        : "http://localhost/api/sim/dingtalk/oapi/gettoken?appkey=dingsimappkey0001&appsecret=sim-dingtalk-secret-000000000000000000000000";
    const token = ((await (await simulatorFetch(tokenUrl)).json()) as { access_token: string }).access_token;
    const base = vendor === "wecom" ? "http://localhost/api/sim/wecom" : "http://localhost/api/sim/dingtalk/oapi";
    const r = await simulatorFetch(`${base}${path}?access_token=${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return ((await r.json()) as { errcode: number }).errcode;
  };
  const wecomUser = () => [...simState().directory.wecom.users.keys()][0];
  const dingUser = () => [...simState().directory.dingtalk.users.keys()][0];
  const at = Math.floor(cnMidnight(FROM) / 1000) + 9 * 3600;
  const cases: [string, "wecom" | "dingtalk", string, () => unknown, number][] = [
    ["add_checkin_record, 201 records → 40058", "wecom", "/cgi-bin/checkin/add_checkin_record", () => ({ records: Array.from({ length: 201 }, () => ({ userid: wecomUser(), checkin_time: at, device_type: 3 })) }), 40058],
    ["add_checkin_record, no records → 40058", "wecom", "/cgi-bin/checkin/add_checkin_record", () => ({ records: [] }), 40058],
    ["add_checkin_record, unknown member → 60111", "wecom", "/cgi-bin/checkin/add_checkin_record", () => ({ records: [{ userid: "nobody", checkin_time: at, device_type: 3 }] }), 60111],
    ["add_checkin_record, wifiname without a BSSID → 40058", "wecom", "/cgi-bin/checkin/add_checkin_record", () => ({ records: [{ userid: wecomUser(), checkin_time: at, wifiname: "x", wifimac: "zz", device_type: 3 }] }), 40058],
    ["record/upload, unknown user → 33012", "dingtalk", "/topapi/attendance/record/upload", () => ({ userid: "nobody", device_id: "d", device_name: "d", user_check_time: at * 1000 }), 33012],
    ["record/upload, 181 days back → 40035", "dingtalk", "/topapi/attendance/record/upload", () => ({ userid: dingUser(), device_id: "d", device_name: "d", user_check_time: Date.now() - 181 * 86_400_000 }), 40035],
    ["record/upload, no device → 40035", "dingtalk", "/topapi/attendance/record/upload", () => ({ userid: dingUser(), user_check_time: at * 1000 }), 40035],
  ];
  it.each(cases)("%s", async (_name, vendor, path, body, code) => {
    expect(await call(vendor, path, body())).toBe(code);
    expect(attendanceEdits().uploads).toHaveLength(0);
  });
});

describe("settings", () => {
  it("only an admin switches it; a start more than 31 days back is refused; both write nothing", async () => {
    expect((await refusalOf(setBridgeSettings(db, hr, { mode: "both", from: FROM }, NOW))).status).toBe(403);
    const tooEarly = await refusalOf(setBridgeSettings(db, admin, { mode: "both", from: "2026-10-01" }, NOW));
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.message).toMatch(/from must be 2026-11-03 or later/);
    expect((await bridgeStatus(db, hr, NOW)).settings.mode).toBe("off");
    expect(await db.select().from(attendanceBridge)).toHaveLength(0);
  });

  it("off: a pulled DingTalk punch queues nothing", async () => {
    await pull("dingtalk");
    expect(await countPunches(sql`source = 'dingtalk'`)).toBeGreaterThan(100);
    expect(await db.select().from(attendanceBridge)).toHaveLength(0);
  });
});

describe("DingTalk → WeCom, then both ways", () => {
  let dingPunches = 0;
  it("switching DingTalk → WeCom on queues the stored punches since `from`, once, audited", async () => {
    dingPunches = await countPunches(sql`source = 'dingtalk' AND change_state <> 'vanished'`);
    const r = await setBridgeSettings(db, admin, { mode: "dingtalk_to_wecom", from: FROM }, NOW);
    expect(r).toMatchObject({ changed: true, queued: dingPunches });
    expect(await setBridgeSettings(db, admin, { mode: "dingtalk_to_wecom", from: FROM }, NOW)).toMatchObject({ changed: false, queued: 0 });
    expect(await rows("dingtalk_to_wecom", "pending")).toHaveLength(dingPunches);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "attendance.bridge.settings"));
    expect(audits).toHaveLength(1);
  });

  it("every queued punch reaches WeCom in batches of at most 200, at its second, under the rate limit", async () => {
    await bridge();
    const sentRows = await rows("dingtalk_to_wecom", "sent");
    expect(sentRows).toHaveLength(dingPunches);
    const adds = calls.filter((c) => c.api === "/cgi-bin/checkin/add_checkin_record");
    expect(adds.length).toBe(Math.ceil(dingPunches / 200));
    for (const c of adds) expect((c.body.records as unknown[]).length).toBeLessThanOrEqual(200);
    expect(uploads("wecom")).toHaveLength(dingPunches);
    expect(simState().rateLimited.size).toBe(0);
    // the WeCom record is the DingTalk punch: same person (mapped through the ledger), same second
    const [one] = sentRows;
    const [p] = await db.select().from(punches).where(eq(punches.id, one.punchId));
    const [wecomId] = await db.select().from(identities).where(and(eq(identities.employeeId, p.employeeId), eq(identities.provider, "wecom")));
    expect(uploads("wecom").some((u) => u.userid === wecomId.externalId && u.at === Math.floor(p.punchedAt.getTime() / 1000) * 1000)).toBe(true);
  });

  it("running it again, or pulling DingTalk again, sends nothing twice", async () => {
    await pull("dingtalk");
    expect(await bridge()).toBe(0);
    expect(uploads("wecom")).toHaveLength(dingPunches);
    expect(calls.filter((c) => c.api === "/cgi-bin/checkin/add_checkin_record")).toHaveLength(0);
  });

  it("with both ways on, WeCom's own punches go to DingTalk and the copies we wrote into WeCom never come back", async () => {
    // from TO only: DingTalk takes one punch a call at 20/s, so one day keeps this test short
    await setBridgeSettings(db, admin, { mode: "both", from: TO }, NOW);
    await pull("wecom"); // brings WeCom's own punches and the echoes of the DingTalk ones
    await bridge();
    const since = new Date(`${TO}T00:00:00+08:00`);
    const wecomStored = (await db.select().from(punches).where(eq(punches.source, "wecom"))).filter((p) => p.punchedAt >= since);
    const echoes = wecomStored.filter((p) => String((p.raw as { notes?: string } | null)?.notes ?? "").includes("来自钉钉考勤"));
    const dingOnTo = await countPunches(sql`source = 'dingtalk' AND punched_at >= ${since.toISOString()}::timestamptz`);
    expect(echoes.length).toBe(dingOnTo);
    expect(wecomStored.length - echoes.length).toBeGreaterThan(50);
    const toDing = await rows("wecom_to_dingtalk");
    expect(toDing).toHaveLength(wecomStored.length - echoes.length);
    expect(toDing.every((r) => r.status === "sent")).toBe(true);
    expect(uploads("dingtalk")).toHaveLength(wecomStored.length - echoes.length);
    expect(simState().rateLimited.size).toBe(0);
    // no DingTalk upload is one of the punches that came from DingTalk
    const fromDing = new Set((await rows("dingtalk_to_wecom")).map((r) => `${r.employeeId}|${r.punchedAt.getTime()}`));
    expect(toDing.some((r) => fromDing.has(`${r.employeeId}|${r.punchedAt.getTime()}`))).toBe(false);
    // and the DingTalk copies of WeCom's punches, pulled back from DingTalk, are not sent to WeCom
    const before = uploads("wecom").length;
    await pull("dingtalk");
    await bridge();
    expect(uploads("wecom")).toHaveLength(before);
  }, 120_000);
});

describe("failures", () => {
  const addPunch = async (employeeId: number, minute: number) => {
    const { writePunch } = await import("../punches/store");
    return writePunch(db, { source: "dingtalk", recordId: `t-${employeeId}-${minute}`, employeeId, punchedAt: new Date(Date.parse(`${TO}T09:00:00+08:00`) + minute * 60_000) });
  };

  it("a call whose answer is lost is read back, not resent: WeCom holds each punch once", async () => {
    const people = await firstPeople(db, 3);
    for (const [i, p] of people.entries()) await addPunch(p.id, 100 + i);
    const before = uploads("wecom").length;
    faults.set("/cgi-bin/checkin/add_checkin_record", "lose-answer");
    await runAttendanceBridge(db, { http });
    expect((await rows("dingtalk_to_wecom", "unknown")).length).toBe(3);
    faults.clear();
    await bridge();
    expect((await rows("dingtalk_to_wecom", "unknown")).length).toBe(0);
    expect(uploads("wecom").length - before).toBe(3);
  });

  it("a call that never arrived is read back, found missing, and sent once", async () => {
    const people = await firstPeople(db, 2);
    for (const [i, p] of people.entries()) await addPunch(p.id, 200 + i);
    const before = uploads("wecom").length;
    faults.set("/cgi-bin/checkin/add_checkin_record", "unreached");
    await runAttendanceBridge(db, { http });
    faults.clear();
    await bridge();
    expect(uploads("wecom").length - before).toBe(2);
    expect((await rows("dingtalk_to_wecom")).filter((r) => r.status !== "sent")).toHaveLength(0);
  });

  it("a batch refused for one member is split: the others go through, that one fails with the reason", async () => {
    const people = await firstPeople(db, 6);
    const bad = people[5];
    await db.update(identities).set({ externalId: "left-the-company" }).where(and(eq(identities.employeeId, bad.id), eq(identities.provider, "wecom")));
    for (const [i, p] of people.entries()) await addPunch(p.id, 300 + i);
    const before = uploads("wecom").length;
    await bridge();
    expect(uploads("wecom").length - before).toBe(5);
    const failed = (await rows("dingtalk_to_wecom")).filter((r) => r.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].employeeId).toBe(bad.id);
    expect(failed[0].lastError).toMatch(/userid not found/);
    const status = await bridgeStatus(db, hr, new Date());
    expect(status.directions.find((d) => d.direction === "dingtalk_to_wecom")!.failures.map((f) => f.employeeId)).toContain(bad.id);
  });

  it("a person with no WeCom account is held (未关联企业微信账号), never sent to a guessed user", async () => {
    const [p] = await firstPeople(db, 7).then((x) => x.slice(6));
    await db.delete(identities).where(and(eq(identities.employeeId, p.id), eq(identities.provider, "wecom")));
    const { id } = await addPunch(p.id, 400);
    const before = uploads("wecom").length;
    await bridge();
    expect(uploads("wecom").length).toBe(before);
    const [r] = (await rows("dingtalk_to_wecom")).filter((x) => x.punchId === id);
    expect(r).toMatchObject({ status: "failed", lastError: "未关联企业微信账号" });
  });

  it("falling behind alerts each admin once an hour", async () => {
    const later = new Date(Date.now() + 20 * 60_000);
    const first = await checkBridgeLag(db, later);
    expect(first.find((d) => d.direction === "dingtalk_to_wecom")).toMatchObject({ alerted: 1 });
    expect((await checkBridgeLag(db, later)).find((d) => d.direction === "dingtalk_to_wecom")).toMatchObject({ alerted: 0 });
    const alerts = await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "bridge_lag_alert"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].recipientEmployeeId).toBe(admin.employeeId);
  });
});

describe("a deployment with one vendor", () => {
  it("WeCom only: switching on is refused (400, nothing written) and the sender calls nobody", async () => {
    vi.stubEnv("WECOM_CORP_ID", "ww0000000000000001");
    vi.stubEnv("WECOM_SECRET", "real-secret-of-a-wecom-only-company-000000");
    resetEnvForTests();
    try {
      const before = await db.select().from(attendanceBridge);
      const r = await refusalOf(setBridgeSettings(db, admin, { mode: "wecom_to_dingtalk", from: TO }, NOW));
      expect(r.status).toBe(400);
      expect(r.message).toMatch(/both DingTalk and WeCom/);
      expect((await bridgeStatus(db, hr, NOW)).vendorsConfigured).toEqual({ wecom: true, dingtalk: false });
      calls.length = 0;
      expect(await runAttendanceBridge(db, { http })).toBe(0);
      expect(calls).toHaveLength(0);
      expect(await db.select().from(attendanceBridge)).toEqual(before);
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
  });
});
