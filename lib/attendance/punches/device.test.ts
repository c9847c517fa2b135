import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, departments, employees, inboxEvents, punches, rosters, shifts } from "@/db/schema";
import { processInboxBatch } from "@/lib/ingest/worker";
import { createApiKey } from "@/lib/oa-sync/api/keys";
import { buildOpenApiDocument } from "@/lib/oa-sync/api/openapi";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "../calendar";
import { recomputePersonDay } from "../recompute";
import { devicePunchRoute } from "./http";
import { writePunch } from "./store";

let t: TestDatabase;
let db: Db;
let key: string;
let readKey: string;
const emp: Record<string, number> = {};
let POST: (req: Request) => Promise<Response>;

const post = (body: unknown, k: string | null = key) =>
  POST(
    new Request("http://localhost/api/v1/punches", {
      method: "POST",
      headers: { "content-type": "application/json", ...(k ? { authorization: `Bearer ${k}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
const deviceInboxCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents).where(eq(inboxEvents.source, "device")))[0].n;
const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const dayOf = async (employeeId: number, date: string) =>
  (await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, date))))[0];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  POST = devicePunchRoute(async () => db);
  await refreshCalendar(db, { years: [2026] });
  const [dept] = await db.insert(departments).values({ code: "ops", name: "运营部", path: "/" }).returning();
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  for (const no of ["A001", "A002"]) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name: no, departmentId: dept.id }).returning();
    emp[no] = e.id;
  }
  const [standard] = await db
    .insert(shifts)
    .values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 })
    .returning();
  const [night] = await db.insert(shifts).values({ name: "夜班", kind: "night", sections: [{ start: 1320, end: 1800 }], graceMinutes: 5 }).returning();
  const [group] = await db.insert(attendanceGroups).values({ name: "标准班组", defaultShiftId: standard.id }).returning();
  await db.insert(attendanceGroupMembers).values({ groupId: group.id, departmentId: dept.id });
  await db.insert(rosters).values({ employeeId: emp.A002, date: "2026-03-02", shiftId: night.id });
  key = (await createApiKey(db, { system: "test" }, { name: "gate", scopes: ["punches:write"] })).key;
  readKey = (await createApiKey(db, { system: "test" }, { name: "reader", scopes: ["employees:read"] })).key;
});
afterAll(async () => {
  await t?.close();
});

describe("POST /api/v1/punches", () => {
  it("refuses a missing key (401) and a key without punches:write (403), storing nothing", async () => {
    expect((await post({ punches: [] }, null)).status).toBe(401);
    const r = await post({ punches: [{ employee_no: "A001", time: "2026-03-02T09:00:00+08:00", device_id: "d", record_id: "1" }] }, readKey);
    expect(r.status).toBe(403);
    expect(await deviceInboxCount()).toBe(0);
  });

  it("answers 400 with a reason to a body that is not a list of punches, storing nothing", async () => {
    for (const body of ["{", "[]", '"x"', { punches: {} }, { punch: [] }, { punches: Array(501).fill({}) }]) {
      const r = await post(body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
      expect((await r.json()).message).toBeTruthy();
    }
    expect(await deviceInboxCount()).toBe(0);
  });

  it("answers each record in request order; a repeat of the batch is all duplicates", async () => {
    const batch = [
      { employee_no: "A001", time: "2026-03-02T09:07:00+08:00", device_id: "gate-1", record_id: "1", direction: "in", location: { lat: 31.2304, lng: 121.4737, coord: "wgs84" } },
      { employee_no: "A001", time: "2026-03-02T10:01:00Z", device_id: "gate-1", record_id: "2" },
      { employee_no: "A001", time: "2026-03-02T10:01:00Z", device_id: "gate-1", record_id: "2" },
      { employee_no: "Z999", time: "2026-03-02T09:00:00+08:00", device_id: "gate-1", record_id: "3" },
      { employee_no: "A001", time: "2026-03-02 09:00:00", device_id: "gate-1", record_id: "4" },
      { employee_no: "A001", time: "2026-03-02T09:00:00+08:00", device_id: "gate-1", record_id: "5", direction: "sideways" },
      { employee_no: "A001", time: "2099-01-01T00:00:00Z", device_id: "gate-1", record_id: "6" },
      { employee_no: "A002", time: "2026-03-02T21:58:00+08:00", device_id: "gate-2", record_id: "1" },
      { employee_no: "A002", time: "2026-03-03T06:03:00+08:00", device_id: "gate-2", record_id: "2" },
      "not an object",
    ];
    const r = await post({ punches: batch });
    expect(r.status).toBe(200);
    const { results } = await r.json();
    expect(results.map((x: { status: string }) => x.status)).toEqual([
      "accepted",
      "accepted",
      "duplicate",
      "unknown_employee",
      "invalid",
      "invalid",
      "invalid",
      "accepted",
      "accepted",
      "invalid",
    ]);
    expect(results[0]).toEqual({ device_id: "gate-1", record_id: "1", status: "accepted" });
    expect(results[4].reason).toMatch(/^time:/);
    expect(results[5].reason).toMatch(/^direction:/);
    expect(results[6].reason).toBe("time: is in the future");
    expect(results[9]).toMatchObject({ device_id: null, record_id: null });
    expect(await deviceInboxCount()).toBe(4);

    const again = await (await post({ punches: batch.slice(0, 2) })).json();
    expect(again.results.map((x: { status: string }) => x.status)).toEqual(["duplicate", "duplicate"]);
    expect(await deviceInboxCount()).toBe(4);
  });

  it("the inbox worker stores the punches and computes the person-days", async () => {
    await drain();
    const rows = await db.select().from(punches).orderBy(punches.punchedAt);
    expect(rows.map((p) => [p.deviceId, p.recordId, p.businessDate, p.changeState])).toEqual([
      ["gate-1", "1", "2026-03-02", "added"],
      ["gate-1", "2", "2026-03-02", "added"],
      ["gate-2", "1", "2026-03-02", "added"],
      ["gate-2", "2", "2026-03-02", "added"], // 06:03 on the 3rd belongs to the night that began on the 2nd
    ]);
    // WGS-84 from the device is stored as GCJ-02 (Shanghai: the offset is a few hundred metres).
    expect(rows[0].coord).toBe("wgs84");
    expect(rows[0].latitude).not.toBe(31.2304);
    expect(Math.abs(rows[0].latitude! - 31.2304)).toBeLessThan(0.01);

    const a = await dayOf(emp.A001, "2026-03-02");
    expect(a).toMatchObject({ statuses: ["late"], lateMinutes: 7, explanation: "迟到 7 分钟（宽限 5 分钟）", version: 1, dayType: "workday" }); // the worker's batch writes both punches, then computes the day once
    const b = await dayOf(emp.A002, "2026-03-02");
    expect(b).toMatchObject({ statuses: ["normal"], workedMinutes: 480, version: 1 });
    expect(await dayOf(emp.A002, "2026-03-03")).toBeUndefined();
  });

  it("recomputing twice changes nothing; a vendor-side change is recorded and bumps the version", async () => {
    const again = await recomputePersonDay(db, emp.A001, "2026-03-02");
    expect(again).toMatchObject({ changed: false, version: 1 });
    const r = await db.transaction((tx) =>
      writePunch(tx, { source: "device", deviceId: "gate-1", recordId: "1", employeeId: emp.A001, punchedAt: new Date("2026-03-02T01:04:00Z"), direction: "in" }),
    );
    expect(r.state).toBe("changed");
    const [p] = await db.select().from(punches).where(and(eq(punches.deviceId, "gate-1"), eq(punches.recordId, "1")));
    expect(p.changeState).toBe("changed");
    expect(p.history).toHaveLength(1);
    expect(p.history[0].before.punchedAt).toBe("2026-03-02T01:07:00.000Z");
    expect(await dayOf(emp.A001, "2026-03-02")).toMatchObject({ statuses: ["normal"], lateMinutes: 0, version: 2 });
  });

  it("takes a full batch of 500", async () => {
    const batch = Array.from({ length: 500 }, (_, i) => ({ employee_no: "A001", time: new Date(Date.UTC(2026, 2, 9, 0, 0, i)).toISOString(), device_id: "gate-9", record_id: String(i) }));
    const { results } = await (await post({ punches: batch })).json();
    expect(results).toHaveLength(500);
    expect(results.every((x: { status: string; record_id: string }, i: number) => x.status === "accepted" && x.record_id === String(i))).toBe(true);
    await drain();
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(punches).where(eq(punches.deviceId, "gate-9")))[0].n).toBe(500);
    expect(await dayOf(emp.A001, "2026-03-09")).toMatchObject({ evidencePunchIds: expect.any(Array) });
    expect((await dayOf(emp.A001, "2026-03-09")).evidencePunchIds).toHaveLength(500);
  });

  it("is in the OpenAPI document with its scope", () => {
    const doc = buildOpenApiDocument("http://localhost") as { paths: Record<string, Record<string, { "x-required-scope": string }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths["/punches"].post["x-required-scope"]).toBe("punches:write");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["DevicePunch", "DevicePunchRequest", "DevicePunchResponse"]));
  });
});
