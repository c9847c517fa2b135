// Seeds the demo organisation: departments (3+ levels), ~200 employees, leaders, WeCom/DingTalk identities,
// HR/admin grants, and a few past and upcoming meetings with history. Idempotent: natural keys + ON CONFLICT.
import { eq, inArray } from "drizzle-orm";
import { computeAttendance } from "@/lib/meetings/status";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { env } from "@/lib/env";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import type { Db } from "./client";
import { seedDemoAttendance } from "./demo-attendance";
import { buildDemoOrg, ledDepartmentCodes, prng } from "./demo-org";
import {
  departmentLeaders,
  departments,
  employeeDepartments,
  employees,
  identities,
  meetingAttendance,
  meetingInvitees,
  meetingSessions,
  meetings,
  roleGrants,
} from "./schema";


function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function seedDemo(db: Db, opts: { now?: Date } = {}): Promise<{ employees: number; meetings: number }> {
  const org = buildDemoOrg();
  const wecomCorp = wecomConfig().corpId;
  const dingCorp = dingtalkConfig().corpId;

  // Departments, parents before children; the materialised path needs the parent's id.
  const idByCode = new Map<string, number>();
  const pathByCode = new Map<string, string>();
  for (const d of org.departments) {
    const parentId = d.parentCode ? idByCode.get(d.parentCode)! : null;
    const [row] = await db
      .insert(departments)
      .values({
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        parentId,
        path: "/",
        depth: 0,
        sortOrder: d.order,
        wecomId: String(d.wecomId),
        dingtalkId: String(d.dingtalkId),
      })
      .onConflictDoUpdate({ target: departments.code, set: { name: d.name } })
      .returning({ id: departments.id });
    const path = `${d.parentCode ? pathByCode.get(d.parentCode)! : "/"}${row.id}/`;
    idByCode.set(d.code, row.id);
    pathByCode.set(d.code, path);
    await db
      .update(departments)
      .set({ path, depth: path.split("/").length - 3 })
      .where(eq(departments.id, row.id));
  }

  for (const batch of chunks(org.employees, 100)) {
    await db
      .insert(employees)
      .values(
        batch.map((p) => ({
          employeeNo: p.employeeNo,
          name: p.name,
          mobile: p.mobile,
          email: p.email,
          title: p.title,
          departmentId: idByCode.get(p.departmentCode)!,
        })),
      )
      .onConflictDoNothing();
  }
  const empRows = await db
    .select({ id: employees.id, no: employees.employeeNo })
    .from(employees)
    .where(inArray(employees.employeeNo, org.employees.map((p) => p.employeeNo)));
  const empId = new Map(empRows.map((r) => [r.no, r.id]));

  for (const batch of chunks(org.employees, 100)) {
    await db
      .insert(employeeDepartments)
      .values(batch.map((p) => ({ employeeId: empId.get(p.employeeNo)!, departmentId: idByCode.get(p.departmentCode)! })))
      .onConflictDoNothing();
    await db
      .insert(identities)
      .values(
        batch.flatMap((p) => [
          { provider: "wecom" as const, corpId: wecomCorp, externalId: p.wecomUserId, employeeId: empId.get(p.employeeNo)!, matchedBy: "seed" as const },
          {
            provider: "dingtalk" as const,
            corpId: dingCorp,
            externalId: p.dingtalkUserId,
            unionId: p.dingtalkUnionId,
            employeeId: empId.get(p.employeeNo)!,
            matchedBy: "seed" as const,
          },
        ]),
      )
      .onConflictDoNothing();
  }

  const leaderRows = org.employees.flatMap((p) =>
    ledDepartmentCodes(p).map((code) => ({ departmentId: idByCode.get(code)!, employeeId: empId.get(p.employeeNo)! })),
  );
  if (leaderRows.length) await db.insert(departmentLeaders).values(leaderRows).onConflictDoNothing();

  await db.insert(roleGrants).values({ role: "hr", departmentId: idByCode.get("D400")! }).onConflictDoNothing();
  const admin = org.employees.find((p) => p.role === "admin");
  if (admin) await db.insert(roleGrants).values({ role: "admin", employeeId: empId.get(admin.employeeNo)! }).onConflictDoNothing();

  const meetingCount = await seedMeetings(db, org, idByCode, empId, opts.now ?? new Date());
  await seedDemoAttendance(db, { now: opts.now });
  return { employees: org.employees.length, meetings: meetingCount };
}

async function seedMeetings(
  db: Db,
  org: ReturnType<typeof buildDemoOrg>,
  idByCode: Map<string, number>,
  empId: Map<string, number>,
  now: Date,
): Promise<number> {
  const tz = env().ORG_TIMEZONE;
  const today = businessDate(now, tz);
  const r = prng(7);
  const people = (codes: string[]) =>
    org.employees.filter((p) => codes.some((c) => p.departmentCode.startsWith(c))).map((p) => empId.get(p.employeeNo)!);
  const organizerOf = (code: string) => empId.get(org.employees.find((p) => p.departmentCode.startsWith(code))!.employeeNo)!;

  // Dates are relative to today, and so are titles that name a month or quarter (a "11 月全员大会" held in
  // December read as a mistake): they take the month of the day the meeting is seeded on.
  const month = (day: number) => Number(addDays(today, day).slice(5, 7));
  const plan = [
    { key: "weekly-tech-1", title: "技术中心周例会", day: -7, at: "10:00", minutes: 60, depts: ["D1"], place: "总部 A 座 12 层大会议室" },
    { key: "sales-q4", title: `销售中心 Q${Math.ceil(month(-3) / 3)} 冲刺会`, day: -3, at: "14:00", minutes: 90, depts: ["D3"], place: "总部 B 座 3 层报告厅" },
    { key: "all-hands-nov", title: `${month(-1)} 月全员大会`, day: -1, at: "16:00", minutes: 60, depts: ["D"], place: "总部一楼多功能厅" },
    { key: "weekly-tech-2", title: "技术中心周例会", day: 0, at: "10:00", minutes: 60, depts: ["D1"], place: "总部 A 座 12 层大会议室" },
    { key: "product-review", title: "产品评审会：签到 2.0", day: 1, at: "15:00", minutes: 90, depts: ["D2", "D11"], place: "总部 A 座 8 层 801" },
    { key: "hr-training", title: "新员工入职培训", day: 3, at: "09:30", minutes: 120, depts: ["D4", "D6"], place: "培训中心 2 号教室" },
  ];

  let count = 0;
  for (const m of plan) {
    const date = addDays(today, m.day);
    const startsAt = zonedTimeToUtc(date, m.at, tz);
    const endsAt = new Date(startsAt.getTime() + m.minutes * 60_000);
    const [row] = await db
      .insert(meetings)
      .values({
        source: "local",
        externalId: `demo:${m.key}:${date}`,
        title: m.title,
        organizerId: organizerOf(m.depts[0] === "D" ? "D4" : m.depts[0]),
        startsAt,
        endsAt,
        businessDate: businessDate(startsAt, tz),
        locationName: m.place,
        latitude: 31.2304 + r() * 0.001,
        longitude: 121.4737 + r() * 0.001,
        radiusMeters: 200,
        status: endsAt < now ? "ended" : "scheduled",
      })
      .onConflictDoNothing()
      .returning({ id: meetings.id });
    if (!row) continue; // already seeded
    count++;
    const invitees = people(m.depts);
    for (const batch of chunks(invitees, 200)) {
      await db.insert(meetingInvitees).values(batch.map((employeeId) => ({ meetingId: row.id, employeeId }))).onConflictDoNothing();
    }
    if (endsAt >= now) continue;
    // History: most on time by QR, some late, a few early leavers (video sessions) and absences. Rows carry the
    // same evidence a real check-in stores and are computed by the same function, so an edit that recomputes
    // the meeting reproduces them instead of turning everyone absent.
    const rules = { startsAt, endsAt, lateAfterMinutes: 5, earlyLeaveMinutes: 10 };
    const rows: (typeof meetingAttendance.$inferInsert)[] = [];
    const sessions: (typeof meetingSessions.$inferInsert)[] = [];
    for (const employeeId of invitees) {
      const x = r();
      const kind = x < 0.78 ? "on_time" : x < 0.88 ? "late" : x < 0.93 ? "early_leave" : "absent";
      const at = new Date(startsAt.getTime() + (kind === "late" ? 6 + Math.floor(r() * 20) : -Math.floor(r() * 10)) * 60_000);
      const pointMethod = r() < 0.8 ? ("qr" as const) : ("geofence" as const);
      if (kind === "absent") {
        const c = computeAttendance(rules, { checkIns: [], sessions: [], onLeave: false }, now);
        rows.push({ meetingId: row.id, employeeId, status: c.status === "pending" ? "absent" : c.status, businessDate: businessDate(startsAt, tz), evidence: { lateMinutes: 0, leftEarlyMinutes: 0 } });
        continue;
      }
      const interval = kind === "early_leave" ? { joinedAt: at, leftAt: new Date(endsAt.getTime() - 25 * 60_000) } : null;
      const c = computeAttendance(rules, { checkIns: interval ? [] : [at], sessions: interval ? [interval] : [], onLeave: false }, now);
      if (interval) sessions.push({ meetingId: row.id, employeeId, source: "tencent_meeting", externalKey: `seed:${employeeId}`, joinedAt: interval.joinedAt, leftAt: interval.leftAt });
      rows.push({
        meetingId: row.id,
        employeeId,
        status: c.status === "pending" ? "absent" : c.status,
        method: interval ? "video" : pointMethod,
        checkedInAt: c.checkedInAt,
        firstJoinAt: c.firstJoinAt,
        lastLeaveAt: c.lastLeaveAt,
        businessDate: businessDate(startsAt, tz),
        evidence: interval
          ? { lateMinutes: c.lateMinutes, leftEarlyMinutes: c.leftEarlyMinutes }
          : { checkInMethod: pointMethod, pointCheckInAt: at.toISOString(), lateMinutes: c.lateMinutes, leftEarlyMinutes: c.leftEarlyMinutes },
      });
    }
    for (const batch of chunks(sessions, 200)) {
      await db.insert(meetingSessions).values(batch).onConflictDoNothing();
    }
    for (const batch of chunks(rows, 200)) {
      await db.insert(meetingAttendance).values(batch).onConflictDoNothing();
    }
  }

  return count;
}
