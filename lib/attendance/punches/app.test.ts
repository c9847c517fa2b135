// POST /api/attendance/punch end to end through the route handler (the signed-in viewer injected; the session
// itself is covered by e2e/attendance-punch.spec.ts): real database, the inbox, the handler, the engine.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceGroupMembers, attendanceGroups, departments, employees, inboxEvents, punches, shifts } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "../calendar";
import { appPunchRoute } from "./app-http";

const HQ_A = { name: "总部 A 座", lat: 31.23966, lng: 121.49972, radiusMeters: 300 };
const north = (p: { lat: number; lng: number }, m: number) => ({ lat: p.lat + m / 111_194.93, lng: p.lng });
const MON = "2026-03-02";

let t: TestDatabase;
let db: Db;
const viewers: Record<string, Viewer> = {};
let now = zonedTimeToUtc(MON, "08:56", "Asia/Shanghai");

const post = (who: string, body: unknown) =>
  appPunchRoute({ db: async () => db, viewer: async () => viewers[who], now: () => now })(
    new Request("http://localhost/api/attendance/punch", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Mozilla/5.0 (iPhone) wxwork/4.1.0" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
const appInbox = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents).where(eq(inboxEvents.source, "app")))[0].n;
const appPunches = async (employeeId: number) => db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.employeeId, employeeId)));
let seq = 0;
const cid = () => `tap-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  const mk = async (code: string, name: string) => {
    const [d] = await db.insert(departments).values({ code, name, path: "/" }).returning();
    await db.update(departments).set({ path: `/${d.id}/` }).where(eq(departments.id, d.id));
    return d.id;
  };
  const ops = await mk("ops", "运营部");
  const rd = await mk("rd", "研发部");
  const none = await mk("new", "新部门");
  const [standard] = await db
    .insert(shifts)
    .values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 })
    .returning();
  const [g1] = await db.insert(attendanceGroups).values({ name: "标准考勤组", defaultShiftId: standard.id, places: [HQ_A], wifi: [{ ssid: "Office", bssid: "f4:6d:04:a1:10:01" }], fieldAllowed: true }).returning();
  const [g2] = await db.insert(attendanceGroups).values({ name: "研发组", defaultShiftId: standard.id, places: [HQ_A], fieldAllowed: false }).returning();
  await db.insert(attendanceGroupMembers).values([{ groupId: g1.id, departmentId: ops }, { groupId: g2.id, departmentId: rd }]);
  for (const [no, dept] of [["P001", ops], ["P002", rd], ["P003", none]] as const) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name: no, departmentId: dept }).returning();
    viewers[no] = (await buildViewer(db, e.id))!;
  }
});
afterAll(async () => {
  await t?.close();
});

describe("POST /api/attendance/punch", () => {
  it("inside 总部 A 座: 201, the punch through the inbox, and the resulting day", async () => {
    const clientId = cid();
    const r = await post("P001", { clientId, ...north(HQ_A, 35), coord: "gcj02", accuracy: 20 });
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.punch).toMatchObject({ via: "place", placeName: "总部 A 座", distanceMeters: 35, field: false, businessDate: MON });
    expect(body.day.businessDate).toBe(MON);
    expect(body.day.slots[0]).toMatchObject({ kind: "in", status: "normal", punchId: body.punch.id });
    expect(typeof body.day.explanation).toBe("string");
    const [inbox] = await db.select().from(inboxEvents).where(and(eq(inboxEvents.source, "app"), eq(inboxEvents.dedupeKey, JSON.stringify([viewers.P001.employeeId, clientId]))));
    expect(inbox).toMatchObject({ status: "handled", eventType: "punch" });
    const [p] = await appPunches(viewers.P001.employeeId);
    expect(p).toMatchObject({ recordId: `${viewers.P001.employeeId}:${clientId}`, placeName: "总部 A 座", coord: "gcj02", field: false });
    expect(p.raw).toMatchObject({ via: "place", device: "WeCom iOS" });
  });

  it("a retry of the same tap answers 200 with the same punch and writes nothing new", async () => {
    const clientId = cid();
    const first = await (await post("P001", { clientId, ...north(HQ_A, 10), coord: "gcj02" })).json();
    const inboxBefore = await appInbox();
    const before = (await appPunches(viewers.P001.employeeId)).length;
    now = new Date(now.getTime() + 60_000);
    // Even from elsewhere: the retry is the punch already taken.
    const again = await post("P001", { clientId, ...north(HQ_A, 5000), coord: "gcj02" });
    expect(again.status).toBe(200);
    const body = await again.json();
    expect(body.replay).toBe(true);
    expect(body.punch.id).toBe(first.punch.id);
    expect(body.punch.at).toBe(first.punch.at);
    expect(await appInbox()).toBe(inboxBefore);
    expect((await appPunches(viewers.P001.employeeId)).length).toBe(before);
  });

  it("1.2 km away: 422 with the distance to the nearest place, nothing written", async () => {
    const before = await appInbox();
    const r = await post("P001", { clientId: cid(), ...north(HQ_A, 1200), coord: "gcj02" });
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ error: "punch_outside_fence", message: "距离 总部 A 座 1.2 公里，不在打卡范围内", placeName: "总部 A 座", distanceMeters: 1200, radiusMeters: 300, fieldAllowed: true });
    expect(await appInbox()).toBe(before);
  });

  it("location denied: 422 with the reason", async () => {
    const r = await post("P001", { clientId: cid(), locationError: "denied" });
    expect(r.status).toBe(422);
    const body = await r.json();
    expect(body).toMatchObject({ error: "punch_location_unavailable", reason: "denied" });
    expect(body.message).toContain("定位权限");
  });

  it("on the office Wi-Fi without a position: accepted", async () => {
    const r = await post("P001", { clientId: cid(), locationError: "unsupported", wifi: { bssid: "F4:6D:04:A1:10:01", ssid: "Office" } });
    expect(r.status).toBe(201);
    expect((await r.json()).punch).toMatchObject({ via: "wifi", placeName: "Office" });
  });

  it("a field punch (外勤) with a remark: accepted and marked for the manager", async () => {
    const r = await post("P001", { clientId: cid(), ...north(HQ_A, 8000), coord: "wgs84", field: { remark: "拜访客户 华为" } });
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.punch).toMatchObject({ via: "field", field: true, placeName: null, distanceMeters: expect.any(Number) });
    const [p] = (await appPunches(viewers.P001.employeeId)).filter((x) => x.id === body.punch.id);
    expect(p).toMatchObject({ field: true, remark: "拜访客户 华为", coord: "wgs84" });
  });

  it("a field punch where the group forbids it: 422", async () => {
    const r = await post("P002", { clientId: cid(), ...north(HQ_A, 8000), coord: "gcj02", field: { remark: "出差" } });
    expect(r.status).toBe(422);
    expect((await r.json()).error).toBe("punch_field_not_allowed");
  });

  it.each([
    ["a field punch without a remark", { field: { remark: "  " }, lat: 31.2, lng: 121.5, coord: "gcj02" }],
    ["no client id", { clientId: undefined, lat: 31.2, lng: 121.5, coord: "gcj02" }],
    ["lat without coord", { lat: 31.2, lng: 121.5 }],
    ["an unknown coordinate system", { lat: 31.2, lng: 121.5, coord: "bd09x" }],
    ["an extra key", { lat: 31.2, lng: 121.5, coord: "gcj02", time: "2026-03-02T08:00:00+08:00" }],
    ["a photo that is not an image data URL", { lat: 31.2, lng: 121.5, coord: "gcj02", field: { remark: "x", photo: "http://evil/x.png" } }],
  ])("%s: 400, nothing written", async (_name, extra) => {
    const before = await appInbox();
    const r = await post("P001", { clientId: cid(), ...extra });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe("bad_request");
    expect(await appInbox()).toBe(before);
  });

  it("not JSON: 400", async () => {
    expect((await post("P001", "{not json")).status).toBe(400);
  });

  it("someone in no attendance group: 409 with the reason", async () => {
    const r = await post("P003", { clientId: cid(), ...north(HQ_A, 10), coord: "gcj02" });
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ error: "punch_no_group" });
  });
});
