// Org sync against vendor faults (issue 10 item 3): an IP-ban answer or an empty company changes nothing; a large
// legitimate shrink is held for HR and applied only after confirmation; the DingTalk quota alert reaches admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { seedDemo } from "@/db/seed";
import { auditLog, employees, identities, notificationOutbox, orgSyncHolds, roleGrants, syncRuns } from "@/db/schema";
import { employeesWithRole } from "@/lib/auth/grants";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf } from "@/tests/people";
import { sendDue, type Transport } from "@/lib/notifications/sender";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { addFault, applyOrgCommand } from "@/lib/vendors/sim/control";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim, simState } from "@/lib/vendors/sim/state";
import { clearQuotaCache } from "@/lib/vendors/quota";
import { confirmHold, discardHold, listPendingHolds } from "./holds";
import { syncOrganisation } from "./run";
import { exceedsShrink } from "./guard";

const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };

/** The production transport's clients, speaking to the in-process simulator. */
async function simTransport(db: TestDatabase["database"]["db"], timeoutMs = 2000): Promise<Transport> {
  const { wecomClient } = await import("@/lib/vendors/wecom/client");
  const { dingtalkClient } = await import("@/lib/vendors/dingtalk/client");
  const w = wecomClient(db, { http: { ...http, timeoutMs } });
  const d = dingtalkClient(db, { http: { ...http, timeoutMs } });
  return { wecom: (touser, message) => w.sendMessage({ touser, msgtype: String(message.msgtype), ...message }), dingtalk: (ids, msg) => d.sendWorkNotice(ids, msg) };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.database.db);
  resetSim("demo");
  // link everyone: the first sync of each vendor agrees with the seed
  await syncOrganisation(t.database.db, "wecom", { http });
  await syncOrganisation(t.database.db, "dingtalk", { http });
});
afterAll(async () => t.close());

async function statusCounts() {
  const [r] = await t.database.db
    .select({ active: sql<number>`count(*) filter (where status = 'active')::int`, departed: sql<number>`count(*) filter (where status = 'departed')::int` })
    .from(employees);
  return { active: Number(r.active), departed: Number(r.departed) };
}

describe("shrink semantics", () => {
  it("holds when either limit is exceeded: more than 5 % or more than 20 people", () => {
    const l = { maxPercent: 5, maxPeople: 20 };
    expect([exceedsShrink(0, 0, l), exceedsShrink(5, 100, l), exceedsShrink(6, 100, l), exceedsShrink(20, 10_000, l), exceedsShrink(21, 10_000, l)]).toEqual([
      false, false, true, false, true,
    ]);
  });
});

describe("vendor faults during a full sync", () => {
  it("an IP-ban answer on department/list fails the run and leaves every employee active", async () => {
    const before = await statusCounts();
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "ip_ban", count: 1 });
    await expect(syncOrganisation(t.database.db, "wecom", { http })).rejects.toMatchObject({ kind: "unexpected" });
    expect(await statusCounts()).toEqual(before);
    const [run] = await t.database.db.select().from(syncRuns).orderBy(sql`id desc`).limit(1);
    expect(run.status).toBe("failed");
  });

  it("an HTML page on DingTalk user/list fails the run and changes nothing", async () => {
    const before = await statusCounts();
    addFault({ vendor: "dingtalk", api: "/topapi/v2/user/list", kind: "html", count: 1 });
    await expect(syncOrganisation(t.database.db, "dingtalk", { http })).rejects.toMatchObject({ kind: "unexpected" });
    expect(await statusCounts()).toEqual(before);
  });

  it("an empty company (success with no rows) is held, not applied: everyone stays active", async () => {
    const before = await statusCounts();
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "empty_directory", count: 1 });
    const r = await syncOrganisation(t.database.db, "wecom", { http });
    expect(r.status).toBe("held");
    expect(await statusCounts()).toEqual(before);
    const [hold] = await t.database.db.select().from(orgSyncHolds).where(eq(orgSyncHolds.id, r.holdId!));
    expect(hold.removals).toHaveLength(before.active);
    // HR discards it: still nothing changes, and the decision is audited
    const [hr] = await firstPeople(t.database.db, 1);
    await discardHold(t.database.db, viewerOf(hr, new Set(["hr"])), hold.id);
    expect(await statusCounts()).toEqual(before);
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "org.sync.hold.discarded"), eq(auditLog.targetId, String(hold.id))));
    expect(audits).toHaveLength(1);
  });

  it("a large legitimate shrink is held with the list of people, and applied only after HR confirms", async () => {
    const db = t.database.db;
    const dir = simState().directory.dingtalk;
    const leaders = new Set([...dir.depts.values()].flatMap((d) => d.leaders));
    const leavers = [...dir.users.values()].filter((u) => !leaders.has(u.userid)).slice(0, 25);
    for (const u of leavers) applyOrgCommand({ op: "remove_user", vendor: "dingtalk", userid: u.userid });
    const before = await statusCounts();
    const r = await syncOrganisation(db, "dingtalk", { http });
    expect(r.status).toBe("held");
    expect(await statusCounts()).toEqual(before);

    const [hr] = await firstPeople(db, 1);
    const viewer = viewerOf(hr, new Set(["hr"]));
    await expect(listPendingHolds(db, viewerOf(hr))).rejects.toMatchObject({ code: "forbidden" });
    const pending = await listPendingHolds(db, viewer);
    expect(pending.map((h) => h.id)).toEqual([r.holdId]);
    const leaverIds = (
      await db
        .select({ e: identities.employeeId })
        .from(identities)
        .where(and(eq(identities.provider, "dingtalk"), inArray(identities.externalId, leavers.map((u) => u.userid))))
    ).map((x) => x.e);
    expect(pending[0].removals.map((x) => x.employeeId).sort()).toEqual([...leaverIds].sort());

    await expect(confirmHold(db, viewerOf(hr), r.holdId!)).rejects.toMatchObject({ code: "forbidden" });
    const c = await confirmHold(db, viewer, r.holdId!);
    expect(c.details.employeesDeparted).toBe(25);
    expect(await statusCounts()).toEqual({ active: before.active - 25, departed: before.departed + 25 });
    const gone = await db.select({ s: employees.status }).from(employees).where(inArray(employees.id, leaverIds));
    expect(new Set(gone.map((g) => g.s))).toEqual(new Set(["departed"]));
    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, r.runId));
    expect(run.status).toBe("succeeded");
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "org.sync.hold.confirmed"))).toHaveLength(1);
    await expect(confirmHold(db, viewer, r.holdId!)).rejects.toMatchObject({ code: "conflict" });
    const again = await syncOrganisation(db, "dingtalk", { http });
    expect([again.status, again.added, again.changed, again.removed]).toEqual(["succeeded", 0, 0, 0]);
  });
});

describe("notification sender", () => {
  it("DingTalk quota: rows wait for the reset (no attempt counted) and each admin gets one alert", async () => {
    const db = t.database.db;
    clearQuotaCache();
    const [someone] = await db.select({ e: identities.employeeId }).from(identities).where(eq(identities.provider, "dingtalk")).limit(1);
    await db.insert(roleGrants).values({ role: "admin", employeeId: someone.e });
    const admins = await employeesWithRole(db, "admin");
    await enqueueNotification(db, { channel: "dingtalk", recipientEmployeeId: someone.e, kind: "meeting_reminder", dedupeKey: "t:quota:1", payload: { title: "会议提醒", description: "10:00" } });
    addFault({ vendor: "dingtalk", api: "/topapi/message/corpconversation/asyncsend_v2", kind: "quota", count: 1 });
    await sendDue(db, await simTransport(db));
    const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, "t:quota:1"));
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const alerts = await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "vendor_quota_alert"));
    expect(alerts.map((a) => a.recipientEmployeeId).sort()).toEqual([...admins].sort());
    expect(alerts.find((a) => a.recipientEmployeeId === someone.e)?.payload.title).toBe("钉钉接口调用量已用完");
    await sendDue(db, await simTransport(db), { now: new Date(Date.now() + 1000) });
    expect(await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "vendor_quota_alert"))).toHaveLength(alerts.length);
    await db.delete(notificationOutbox);
  });

  it("a DingTalk send that times out is recorded 'unknown' and never resent", async () => {
    const db = t.database.db;
    await db.execute(sql`DELETE FROM vendor_tokens WHERE key LIKE '%#quota_exhausted'`);
    clearQuotaCache();
    simState().messages = [];
    const [someone] = await db.select({ e: identities.employeeId }).from(identities).where(eq(identities.provider, "dingtalk")).limit(1);
    await enqueueNotification(db, { channel: "dingtalk", recipientEmployeeId: someone.e, kind: "meeting_reminder", dedupeKey: "t:timeout:1", payload: { title: "会议提醒", description: "11:00" } });
    const api = "/topapi/message/corpconversation/asyncsend_v2";
    const n0 = simState().calls.get(`dingtalk:${api}`) ?? 0;
    addFault({ vendor: "dingtalk", api, kind: "timeout", count: 1, delayMs: 30_000 });
    const transport = await simTransport(db, 300);
    await sendDue(db, transport);
    const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, "t:timeout:1"));
    expect(row.status).toBe("unknown");
    await sendDue(db, transport, { now: new Date(Date.now() + 86_400_000) });
    expect(simState().calls.get(`dingtalk:${api}`)).toBe(n0 + 1);
    expect(simState().messages).toHaveLength(1);
  });
});
