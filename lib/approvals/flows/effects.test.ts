// What an approved application does, over the demo company (real database, the demo seed): leave → an on-leave
// span (source "approval", key = item id), a leave for meetings, and the attendance day recomputed to leave;
// 补卡 → a punch through the punch write path (source "app", "correction:<id>", remark 补卡) and its day
// recomputed; the 补卡 caps per payroll period (count, days back, the cut-off day of the next month, which
// exceptions may be corrected) refused with the cap named, the remaining count.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { appSettings, approvalApplications, attendanceDays, leaves, leaveSpans, punches } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { seedApprovalsDemo, shanghai } from "@/tests/approvals-demo";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { realViewerOf, refusalOf } from "@/tests/people";
import { decideApproval } from "../decide";
import { correctionAllowance, correctionCutOff, CORRECTION_CAPS_KEY, parseCorrectionCaps } from "./correction-caps";
import { applyApprovedEffects } from "./effects";
import { submitApplication } from "./submit";

const MON = "2026-12-07";
const at = shanghai;
const NOW = at(MON, "12:00");
let t: TestDatabase;
let db: Db;
let applicant: Viewer;
let leader: Viewer;
const org = buildDemoOrg();
const viewerOfNo = (no: string) => realViewerOf(db, no);
const refusal = async (p: Promise<unknown>) => {
  const { status, message } = await refusalOf(p);
  return { status, message };
};
const correction = (date: string, time = "09:00") => submitApplication(db, applicant, { kind: "correction", date, time, reason: "忘记打卡" }, "test", NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedApprovalsDemo(db, MON);
  const who = org.employees.find((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D112")!;
  applicant = await viewerOfNo(who.employeeNo);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("leave approved", () => {
  it("becomes an on-leave span, a meetings leave, and a leave day in attendance — once", async () => {
    const { itemId, path } = await submitApplication(db, applicant, { kind: "leave", leave_type: "病假", start_date: "2026-12-08", end_date: "2026-12-08", reason: "发烧" }, "test", NOW);
    expect(path).toHaveLength(1);
    leader = (await buildViewer(db, path[0].approverIds[0]))!;
    expect(await db.$count(leaveSpans, eq(leaveSpans.source, "approval"))).toBe(0);
    expect((await decideApproval(db, leader, itemId, { outcome: "agree", comment: "" }, "test")).flow?.status).toBe("agreed");

    const spans = await db.select().from(leaveSpans).where(and(eq(leaveSpans.source, "approval"), eq(leaveSpans.sourceKey, String(itemId))));
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ employeeId: applicant.employeeId, kind: "leave", leaveType: "病假", reason: "发烧", startsAt: at("2026-12-08", "00:00"), endsAt: at("2026-12-09", "00:00") });
    const ls = await db.select().from(leaves).where(eq(leaves.employeeId, applicant.employeeId));
    expect(ls.map((l) => [l.startsAt.toISOString(), l.endsAt.toISOString(), l.reason])).toEqual([[at("2026-12-08", "00:00").toISOString(), at("2026-12-09", "00:00").toISOString(), "病假：发烧"]]);
    const [day] = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, "2026-12-08")));
    expect(day.statuses).toEqual(["leave"]);

    expect(await db.transaction((tx) => applyApprovedEffects(tx, itemId))).toBe("already");
    expect(await db.$count(leaves, eq(leaves.employeeId, applicant.employeeId))).toBe(1);
    expect((await db.select().from(approvalApplications).where(eq(approvalApplications.itemId, itemId)))[0].effectsAppliedAt).not.toBeNull();
  });

  it("a refused leave writes nothing", async () => {
    const { itemId } = await submitApplication(db, applicant, { kind: "leave", leave_type: "事假", start_date: "2026-12-09", end_date: "2026-12-09", reason: "办事" }, "test", NOW);
    await decideApproval(db, leader, itemId, { outcome: "refuse", comment: "项目上线" }, "test");
    expect(await db.$count(leaveSpans, and(eq(leaveSpans.source, "approval"), eq(leaveSpans.sourceKey, String(itemId))))).toBe(0);
  });
});

describe("补卡", () => {
  it("approved: a punch through the punch write path, and the day recomputed with it", async () => {
    const { itemId } = await correction("2026-12-04", "09:00");
    await decideApproval(db, leader, itemId, { outcome: "agree", comment: "" }, "test");
    const rows = await db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.recordId, `correction:${itemId}`)));
    expect(rows.map((r) => ({ employeeId: r.employeeId, punchedAt: r.punchedAt.toISOString(), remark: r.remark, businessDate: r.businessDate }))).toEqual([
      { employeeId: applicant.employeeId, punchedAt: at("2026-12-04", "09:00").toISOString(), remark: "补卡", businessDate: "2026-12-04" },
    ]);
    const [day] = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, "2026-12-04")));
    expect(day.statuses).not.toContain("absent");
    expect(day.statuses).not.toContain("missing_in");
  });

  it("caps per payroll period: the 4th is refused with the cap named; a refused one gives the chance back", async () => {
    expect(await correctionAllowance(db, applicant.employeeId, NOW)).toMatchObject({ period: "2026-12", used: 1, max: 3, remaining: 2, daysBack: 30, earliest: "2026-11-07" });
    await correction("2026-12-02");
    const third = await correction("2026-12-03");
    expect((await correctionAllowance(db, applicant.employeeId, NOW)).remaining).toBe(0);
    expect(await refusal(correction("2026-12-01"))).toEqual({ status: 422, message: "本考勤周期已补卡 3 次，已达上限 3 次" });
    // Another period is counted apart.
    expect((await correctionAllowance(db, applicant.employeeId, NOW, "2026-11-20")).remaining).toBe(3);
    await decideApproval(db, leader, third.itemId, { outcome: "refuse", comment: "当天有打卡记录" }, "test");
    expect((await correctionAllowance(db, applicant.employeeId, NOW)).remaining).toBe(1);
  });

  it("days back and the future are refused; HR's setting changes the caps", async () => {
    expect(await refusal(correction("2026-11-06"))).toEqual({ status: 422, message: "只能补 30 天内的卡（最早 2026-11-07）" });
    expect(await refusal(correction("2026-12-08"))).toEqual({ status: 422, message: "不能为将来的日期补卡" });
    await db.insert(appSettings).values({ key: CORRECTION_CAPS_KEY, value: { maxPerPeriod: 5, daysBack: 40 } });
    expect(await correctionAllowance(db, applicant.employeeId, NOW)).toMatchObject({ used: 2, max: 5, remaining: 3, earliest: "2026-10-28" });
  });
});

describe("cut-off day and correctable exceptions", () => {
  it.each([
    { name: "no cut-off", period: "2026-11", day: 0, want: null },
    { name: "the 5th of the next month", period: "2026-11", day: 5, want: "2026-12-05" },
    { name: "across the year", period: "2026-12", day: 3, want: "2027-01-03" },
    { name: "the 28th", period: "2027-01", day: 28, want: "2027-02-28" },
  ])("correctionCutOff: $name", ({ period, day, want }) => {
    expect(correctionCutOff(period, day)).toBe(want);
  });

  it.each([
    { name: "nothing stored → defaults", raw: undefined, want: { maxPerPeriod: 3, daysBack: 30, cutOffDay: 0, correctable: ["missing", "late", "early_leave", "absent"] } },
    { name: "a bad field falls back alone", raw: { maxPerPeriod: -1, daysBack: 10, cutOffDay: 31, correctable: ["late", "bogus"] }, want: { maxPerPeriod: 3, daysBack: 10, cutOffDay: 0, correctable: ["late"] } },
    { name: "an empty list means nothing may be corrected", raw: { correctable: [] }, want: { maxPerPeriod: 3, daysBack: 30, cutOffDay: 0, correctable: [] } },
  ])("parseCorrectionCaps: $name", ({ raw, want }) => {
    expect(parseCorrectionCaps(raw)).toEqual(want);
  });

  it("a correction for last period after its cut-off day is refused with the date; before it, it is taken", async () => {
    await db.update(appSettings).set({ value: { maxPerPeriod: 5, daysBack: 40, cutOffDay: 5 } }).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
    expect((await correctionAllowance(db, applicant.employeeId, NOW, "2026-11-20")).cutOff).toBe("2026-12-05");
    expect(await refusal(correction("2026-11-20"))).toEqual({ status: 422, message: "2026-11 考勤周期的补卡已于 2026-12-05 截止" });
    await db.update(appSettings).set({ value: { maxPerPeriod: 5, daysBack: 40, cutOffDay: 10 } }).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
    const days = await db.select({ date: attendanceDays.businessDate, statuses: attendanceDays.statuses }).from(attendanceDays).where(eq(attendanceDays.employeeId, applicant.employeeId));
    const open = days.find((d) => d.date.startsWith("2026-11") && d.statuses.some((x) => x.startsWith("missing") || x === "absent" || x.includes("late")));
    if (open) expect((await correction(open.date)).created).toBe(true);
    else expect((await correction("2026-11-29")).created).toBe(true); // a Sunday with no computed day: let through
  });

  it("a day without exceptions has nothing to correct; an exception HR did not tick is refused by name", async () => {
    const days = await db.select({ date: attendanceDays.businessDate, statuses: attendanceDays.statuses }).from(attendanceDays).where(eq(attendanceDays.employeeId, applicant.employeeId));
    const normal = days.find((d) => d.date >= "2026-11-27" && d.date < MON && !d.statuses.includes("rest"));
    expect(normal, "the demo computed a working day of the applicant's last days").toBeDefined();
    await db.update(attendanceDays).set({ statuses: ["normal"] }).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, normal!.date)));
    expect(await refusal(correction(normal!.date))).toEqual({ status: 422, message: `${normal!.date} 的考勤没有异常，无需补卡` });
    // Only late may be corrected: a day with an exception other than late is refused, naming it.
    await db.update(appSettings).set({ value: { maxPerPeriod: 9, daysBack: 40, cutOffDay: 0, correctable: ["late"] } }).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
    const [target] = await db.select({ date: attendanceDays.businessDate }).from(attendanceDays).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, normal!.date)));
    await db.update(attendanceDays).set({ statuses: ["missing_out"] }).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, target.date)));
    expect(await refusal(correction(target.date))).toEqual({ status: 422, message: `${target.date} 的异常（缺卡）不允许补卡` });
    await db.update(appSettings).set({ value: { maxPerPeriod: 9, daysBack: 40, cutOffDay: 0, correctable: ["late", "missing"] } }).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
    expect((await correction(target.date)).created).toBe(true);
  });
});
