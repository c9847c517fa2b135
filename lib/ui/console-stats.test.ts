import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departments, employees, identityConflicts, inboxEvents, meetingAttendance, meetingInvitees, meetings, oaOutbox } from "@/db/schema";
import type { Db } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import type { Viewer } from "@/lib/auth/viewer";
import { consoleNavFor, consoleScope } from "./console-access";
import { getConsoleStats } from "./console-stats";

const TZ = "Asia/Shanghai";
// 10:00 in Shanghai on 2026-11-22; 2026-11-21T17:00Z is 01:00 on the 22nd there (same business date).
const NOW = new Date("2026-11-22T02:00:00Z");

function viewer(roles: Viewer["roles"] extends ReadonlySet<infer R> ? R[] : never, managedPaths: string[] = []): Viewer {
  return { employeeId: 1, employeeNo: "QD00001", name: "王伟", departmentId: 1, departmentName: "总部", roles: new Set(roles), managedPaths, provider: "wecom" };
}

describe("console home KPIs, scoped to the viewer", () => {
  let t: TestDatabase;
  let db: Db;
  let salesPath = "";
  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.database.db;
    // Tree: root → sales, root → tech; one person in each.
    const [root] = await db.insert(departments).values({ code: "R", name: "总部", path: "/", depth: 0 }).returning();
    const [sales] = await db.insert(departments).values({ code: "S", name: "销售部", parentId: root.id, path: "/", depth: 1 }).returning();
    const [tech] = await db.insert(departments).values({ code: "T", name: "技术部", parentId: root.id, path: "/", depth: 1 }).returning();
    const { sql } = await import("drizzle-orm");
    await db.execute(sql`UPDATE departments SET path = '/' || id || '/' WHERE id = ${root.id}`);
    await db.execute(sql`UPDATE departments SET path = '/' || ${root.id} || '/' || id || '/' WHERE id IN (${sales.id}, ${tech.id})`);
    salesPath = `/${root.id}/${sales.id}/`;
    const [seller, engineer] = await db
      .insert(employees)
      .values([
        { employeeNo: "S1", name: "李娜", departmentId: sales.id },
        { employeeNo: "T1", name: "张强", departmentId: tech.id },
      ])
      .returning();

    const mk = (title: string, startsAt: string, organizerId: number, status: "scheduled" | "cancelled" = "scheduled") => ({
      externalId: title,
      title,
      organizerId,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 3600_000),
      businessDate: startsAt.startsWith("2026-11-21T17") ? "2026-11-22" : startsAt.slice(0, 10),
      status,
    });
    const [salesToday, techToday, , ,] = await db
      .insert(meetings)
      .values([
        mk("销售周会", "2026-11-22T01:00:00Z", seller.id),
        mk("技术评审", "2026-11-21T17:00:00Z", engineer.id), // 01:00 Shanghai: today there, yesterday in UTC
        mk("已取消的会", "2026-11-22T03:00:00Z", seller.id, "cancelled"),
        mk("昨天的会", "2026-11-21T02:00:00Z", seller.id),
      ])
      .returning();
    await db.insert(meetingInvitees).values([
      { meetingId: salesToday.id, employeeId: seller.id },
      { meetingId: techToday.id, employeeId: engineer.id },
      { meetingId: techToday.id, employeeId: seller.id }, // a seller invited to the tech review
    ]);
    await db.insert(meetingAttendance).values([
      { meetingId: salesToday.id, employeeId: seller.id, status: "on_time", method: "qr", checkedInAt: NOW, businessDate: "2026-11-22" },
      { meetingId: techToday.id, employeeId: engineer.id, status: "late", method: "qr", checkedInAt: NOW, businessDate: "2026-11-22" },
      { meetingId: techToday.id, employeeId: seller.id, status: "pending", businessDate: "2026-11-22" },
    ]);
    await db.insert(identityConflicts).values([
      { provider: "wecom", externalId: "a", reason: "ambiguous" },
      { provider: "wecom", externalId: "b", reason: "no_match", status: "linked" },
    ]);
    await db.insert(inboxEvents).values([
      { source: "wecom", eventType: "x", dedupeKey: "1", raw: "", payload: {}, status: "dead" },
      { source: "wecom", eventType: "x", dedupeKey: "2", raw: "", payload: {}, status: "parked" },
      { source: "wecom", eventType: "x", dedupeKey: "3", raw: "", payload: {}, status: "handled" },
    ]);
    await db.insert(oaOutbox).values([
      { sink: "http", aggregateType: "meeting_attendance", aggregateId: "1", version: 1, idempotencyKey: "k1", payload: {} },
      { sink: "http", aggregateType: "meeting_attendance", aggregateId: "2", version: 1, idempotencyKey: "k2", payload: {}, status: "delivered" },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("HR sees every meeting of the organisation's day and the system backlog", async () => {
    const s = await getConsoleStats(db, { kind: "all" }, { now: NOW, timeZone: TZ });
    expect(s.businessDate).toBe("2026-11-22");
    expect(s.todayMeetings).toBe(2); // not the cancelled one, not yesterday's; the 01:00 one counts for today
    expect(s.checkinsToday).toBe(2);
    expect(s.expectedToday).toBe(3);
    expect(s.openConflicts).toBe(1);
    expect(s.inboxFailures).toBe(1);
    expect(s.inboxParked).toBe(1);
    expect(s.oaBacklog).toBe(1);
  });

  it("a sales manager sees meetings touching sales and sales people's check-ins only, and no system numbers", async () => {
    const s = await getConsoleStats(db, { kind: "subtree", paths: [salesPath] }, { now: NOW, timeZone: TZ });
    expect(s.todayMeetings).toBe(2); // own weekly + the tech review a seller is invited to
    expect(s.checkinsToday).toBe(1);
    expect(s.expectedToday).toBe(2);
    expect(s.openConflicts).toBeNull();
    expect(s.oaBacklog).toBeNull();
  });

  it("a manager of an empty subtree sees zeros", async () => {
    const s = await getConsoleStats(db, { kind: "subtree", paths: ["/999/"] }, { now: NOW, timeZone: TZ });
    expect([s.todayMeetings, s.checkinsToday, s.expectedToday]).toEqual([0, 0, 0]);
  });

  it("only HR, admins and managers get a console; managers see overview, meetings/reports and their people", () => {
    expect(consoleScope(viewer(["employee"]))).toBeNull();
    expect(consoleNavFor(viewer(["employee"]))).toEqual([]);
    const managerNav = consoleNavFor(viewer(["employee", "manager"], ["/1/2/"])).flatMap((g) => g.items.map((i) => i.href));
    expect(managerNav).toEqual(["/console", "/console/attendance/board", "/console/attendance/daily", "/console/attendance/sheet", "/console/attendance/trends", "/console/meetings", "/console/reports", "/console/people"]);
    const hrNav = consoleNavFor(viewer(["employee", "hr"])).flatMap((g) => g.items.map((i) => i.href));
    expect(hrNav).toHaveLength(24);
    expect(hrNav).toEqual(expect.arrayContaining(["/console/leaves", "/console/notifications", "/console/attendance/import", "/console/approvals", "/console/attendance/bridge"]));
    // 考勤设置 (calendar, shifts, groups, rosters): HR/admin only, right after 打卡提醒
    const settings = ["/console/attendance/settings/calendar", "/console/attendance/settings/shifts", "/console/attendance/settings/groups", "/console/attendance/settings/rosters"];
    expect(hrNav.slice(hrNav.indexOf("/console/attendance/reminders") + 1, hrNav.indexOf("/console/attendance/reminders") + 5)).toEqual(settings);
    // API keys refuse HR (admin only): the link is not offered to them
    expect(hrNav).not.toContain("/console/api-keys");
    const adminNav = consoleNavFor(viewer(["employee", "admin"])).flatMap((g) => g.items.map((i) => i.href));
    expect(adminNav).toHaveLength(25);
    expect(adminNav).toContain("/console/api-keys");
  });
});
