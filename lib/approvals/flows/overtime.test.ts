// 加班申请 end to end over the demo company (real database): the form's checks (400 reasons), the seeded flow (the
// leader; HR too from 4 hours) and its preview facts, the submit checks (422: too old, too far ahead, overlapping
// another open or approved overtime), and an approval taking effect — an overtime_approvals row keyed by our item
// id (idempotent), the day recomputed under the org's overtime mode (approval: the approved hours; approval_punches:
// punched minutes inside the window, a night overtime's morning punch included), undone when cancelled.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { appSettings, attendanceDays, overtimeApprovals } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { OVERTIME_MODE_KEY } from "@/lib/attendance/overtime-mode";
import { writePunches } from "@/lib/attendance/punches/store";
import { seedApprovalsDemo, shanghai } from "@/tests/approvals-demo";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { realViewerOf, refusalOf } from "@/tests/people";
import { decideApproval } from "../decide";
import { saveOvertimeMode } from "../rules-settings";
import { applyApprovedEffects } from "./effects";
import { cancelOvertimeWindow, OVERTIME_SOURCE } from "./overtime";
import { resolvePath } from "./resolve";
import { overtimeApplication, previewQuery, type OvertimeApplication } from "./schemas";
import { factsOf, submitApplication } from "./submit";

const MON = "2026-12-07";
const SAT = "2026-12-05";
const at = shanghai;
const NOW = at(MON, "12:00");
let t: TestDatabase;
let db: Db;
let applicant: Viewer;
let hr: Viewer;
const org = buildDemoOrg();
const viewerOfNo = (no: string) => realViewerOf(db, no);
const refusal = refusalOf;
const form = (date: string, start: string, end: string, over: Partial<OvertimeApplication> = {}): OvertimeApplication => ({ kind: "overtime", date, start_time: start, end_time: end, end_next_day: false, compensation: "leave", reason: "上线保障", ...over });
const file = (f: OvertimeApplication) => submitApplication(db, applicant, f, "test", NOW);
const dayOf = async (date: string) => (await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, date))))[0];
/** Decide every step in turn as whoever it asks (the leader, then HR when asked). */
async function approveAll(itemId: number) {
  for (let i = 0; i < 5; i++) {
    const [row] = await db.execute<{ approver_ids: string[] | number[] }>(`SELECT approver_ids FROM approval_items WHERE id = ${itemId} AND status = 'open'` as never).then((r) => ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown[])) as { approver_ids: number[] }[]);
    if (!row) return;
    const v = (await buildViewer(db, Number(row.approver_ids[0])))!;
    await decideApproval(db, v, itemId, { outcome: "agree", comment: "" }, "test");
  }
}

describe("the overtime form (400 reasons)", () => {
  it.each([
    { name: "an evening 19:00–21:00", input: { date: SAT, start_time: "19:00", end_time: "21:00", compensation: "pay" }, ok: true },
    { name: "a night 20:00 – next day 02:00", input: { date: SAT, start_time: "20:00", end_time: "02:00", end_next_day: true, compensation: "leave" }, ok: true },
    { name: "an end before the start on the same day", input: { date: SAT, start_time: "21:00", end_time: "19:00", compensation: "leave" }, ok: false, message: "end_time: the end must be after the start (tick 次日 for an overtime ending after midnight)" },
    { name: "an end equal to the start", input: { date: SAT, start_time: "19:00", end_time: "19:00", compensation: "leave" }, ok: false, message: "end_time: the end must be after the start (tick 次日 for an overtime ending after midnight)" },
    { name: "more than 24 hours", input: { date: SAT, start_time: "08:00", end_time: "09:00", end_next_day: true, compensation: "leave" }, ok: false, message: "end_time: an overtime lasts at most 24 hours" },
    { name: "a time not HH:MM", input: { date: SAT, start_time: "7pm", end_time: "21:00", compensation: "leave" }, ok: false, message: "start_time: time must be HH:MM" },
    { name: "an unknown compensation", input: { date: SAT, start_time: "19:00", end_time: "21:00", compensation: "cash" }, ok: false, message: "compensation: Invalid option: expected one of \"leave\"|\"pay\"" },
  ])("$name", ({ input, ok, message }) => {
    const r = overtimeApplication.safeParse({ kind: "overtime", reason: "加班", ...input });
    expect(r.success).toBe(ok);
    if (!ok) expect(r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toBe(message);
  });
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedApprovalsDemo(db, MON);
  const who = org.employees.find((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D112")!;
  applicant = await viewerOfNo(who.employeeNo);
  hr = await viewerOfNo(org.employees.find((e) => e.role === "hr")!.employeeNo);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("the seeded flow and its preview", () => {
  it.each([
    { name: "2 hours: the leader alone", q: { kind: "overtime", date: SAT, start_time: "19:00", end_time: "21:00" }, steps: 1 },
    { name: "4 hours: the leader, then HR", q: { kind: "overtime", date: SAT, start_time: "10:00", end_time: "14:00" }, steps: 2 },
    { name: "a 6-hour night across midnight: the leader, then HR", q: { kind: "overtime", date: SAT, start_time: "20:00", end_time: "02:00", end_next_day: "1" }, steps: 2 },
  ])("$name", async ({ q, steps }) => {
    const parsed = previewQuery.parse(q);
    const path = await resolvePath(db, applicant.employeeId, parsed.kind, factsOf(parsed));
    expect(path.flow.code).toBe("overtime.default");
    expect(path.steps).toHaveLength(steps);
  });
});

describe("submit checks (422)", () => {
  it("too old (the 补卡 days back) and too far ahead are refused, with the dates", async () => {
    expect(await refusal(file(form("2026-11-01", "19:00", "21:00")))).toEqual({ status: 422, message: "只能申请 30 天内的加班（最早 2026-11-07）", reason: "too_old" });
    expect(await refusal(file(form("2027-01-20", "19:00", "21:00")))).toEqual({ status: 422, message: "最多提前 31 天申请加班（最晚 2027-01-07）", reason: "too_far_ahead" });
  });

  it("an overlap with an open overtime is refused; once that one is refused, the time is free again", async () => {
    const first = await file(form("2026-12-08", "19:00", "22:00"));
    expect(first.created).toBe(true);
    expect(await refusal(file(form("2026-12-08", "21:30", "23:00")))).toMatchObject({ status: 422, reason: "overlap", message: "与已提交的加班（2026-12-08 19:00–22:00）时间重叠" });
    // Back to back is no overlap.
    expect((await file(form("2026-12-08", "22:00", "23:00"))).created).toBe(true);
    const leader = (await buildViewer(db, first.path[0].approverIds[0]))!;
    await decideApproval(db, leader, first.itemId, { outcome: "refuse", comment: "不需要" }, "test");
    expect((await file(form("2026-12-08", "20:00", "21:30"))).created).toBe(true);
  });

  it("a night overtime overlapping the next day's early one is refused", async () => {
    expect((await file(form("2026-12-09", "22:00", "03:00", { end_next_day: true }))).created).toBe(true);
    expect(await refusal(file(form("2026-12-10", "02:00", "04:00")))).toMatchObject({ status: 422, reason: "overlap" });
  });
});

describe("approved overtime in attendance", () => {
  it("mode punches (default): an approval is stored but the rest day counts its punches only", async () => {
    const { itemId } = await file(form(SAT, "13:00", "15:00"));
    await approveAll(itemId);
    const rows = await db.select().from(overtimeApprovals).where(and(eq(overtimeApprovals.source, OVERTIME_SOURCE), eq(overtimeApprovals.sourceKey, String(itemId))));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ employeeId: applicant.employeeId, businessDate: SAT, startsAt: at(SAT, "13:00"), endsAt: at(SAT, "15:00"), compensation: "leave", cancelledAt: null });
    expect((await dayOf(SAT))?.overtimeRestDayMinutes ?? 0).toBe(0);
    expect(await db.transaction((tx) => applyApprovedEffects(tx, itemId))).toBe("already");
    expect(await db.$count(overtimeApprovals, eq(overtimeApprovals.sourceKey, String(itemId)))).toBe(1);
  });

  it("mode approval: switching recomputes; a 6-hour rest-day night overtime goes leader → HR and adds its 360 minutes to its day (120 already approved)", async () => {
    expect((await saveOvertimeMode(db, hr, { mode: "approval" }, NOW)).changed).toBe(true);
    expect((await dayOf(SAT)).overtimeRestDayMinutes).toBe(120); // the 13:00–15:00 approved above, now counted
    const { itemId, path } = await file(form(SAT, "20:00", "02:00", { end_next_day: true, compensation: "pay" }));
    expect(path).toHaveLength(2);
    expect(path[1].approverIds).toContain(hr.employeeId);
    await approveAll(itemId);
    const day = await dayOf(SAT);
    expect(day).toMatchObject({ overtimeRestDayMinutes: 480, overtimeWorkdayMinutes: 0, overtimeHolidayMinutes: 0 });
    expect(day.explanation).toContain("休息日加班 8 小时（按审批时长）");
    // Undone (a revoke): the window is cancelled, the day recomputed without it.
    expect(await db.transaction((tx) => cancelOvertimeWindow(tx, { source: OVERTIME_SOURCE, sourceKey: String(itemId) }, "test"))).toBe(true);
    expect((await dayOf(SAT)).overtimeRestDayMinutes).toBe(120);
    expect(await db.transaction((tx) => cancelOvertimeWindow(tx, { source: OVERTIME_SOURCE, sourceKey: String(itemId) }, "test"))).toBe(false);
  });

  it("mode approval_punches: only punched minutes inside the window count, the night's morning punch included", async () => {
    await saveOvertimeMode(db, hr, { mode: "approval_punches" }, NOW);
    const SUN = "2026-11-29";
    const SAT2 = "2026-11-28";
    const { itemId } = await file(form(SAT2, "20:00", "02:00", { end_next_day: true }));
    await approveAll(itemId);
    expect((await dayOf(SAT2))?.overtimeRestDayMinutes ?? 0).toBe(0); // approved, never punched
    await writePunches(db, [
      { source: "app", recordId: "ot-test-in", employeeId: applicant.employeeId, punchedAt: at(SAT2, "20:30"), remark: "" },
      { source: "app", recordId: "ot-test-out", employeeId: applicant.employeeId, punchedAt: at(SUN, "01:30"), remark: "" },
    ]);
    // The 01:30 punch belongs to Sunday; recompute Saturday again (as the pull of the next morning would).
    await db.transaction((tx) => applyApprovedEffects(tx, itemId)); // already: nothing
    const { recomputePersonDays } = await import("@/lib/attendance/recompute");
    await recomputePersonDays(db, [{ employeeId: applicant.employeeId, date: SAT2 }]);
    expect((await dayOf(SAT2)).overtimeRestDayMinutes).toBe(300);
    expect((await dayOf(SAT2)).explanation).toContain("按审批时段内打卡");
  });

  it("the mode setting: HR only, the same mode writes nothing", async () => {
    expect((await saveOvertimeMode(db, hr, { mode: "approval_punches" }, NOW)).changed).toBe(false);
    expect(await refusal(saveOvertimeMode(db, applicant, { mode: "punches" }, NOW))).toMatchObject({ status: 403 });
    const [row] = await db.select().from(appSettings).where(eq(appSettings.key, OVERTIME_MODE_KEY));
    expect(row.value).toEqual({ mode: "approval_punches" });
  });
});
