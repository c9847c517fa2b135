// What an approved native leave / overtime / 补卡 does to attendance, and how a revoke undoes it — the same writes our
// own flows make (flows/effects.ts): leave → an on-leave span (source "native", key vendor:instance) plus the
// meetings' leave row (overlapping meetings turn on_leave), the applicant's days recomputed; 补卡 → a punch through
// the one punch write path (which recomputes its day); overtime → its days recomputed and the approved span kept on
// overtime_approvals (source "native", key vendor:instance), which the engine reads in the approval overtime modes.
// Undo: the span cancelled, the meetings' leave removed and its meetings recomputed, the punch marked vanished.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { leaveSpans, type NativeEffect } from "@/db/schema";
import { markPunchVanished, writePunches } from "@/lib/attendance/punches/store";
import { recomputePersonDays } from "@/lib/attendance/recompute";
import { recordLeave, removeLeave } from "@/lib/meetings/mutations";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { applyOvertimeWindow, cancelOvertimeWindow } from "../flows/overtime";
import type { NativeForm, NativeVendor } from "./snapshot";

export const NATIVE_SPAN_SOURCE = "native";

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 62; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Apply once (the caller checks effects_applied_at). Null: nothing to apply (kind other, or an unreadable form). */
export async function applyNativeEffect(tx: Db, key: { vendor: NativeVendor; instanceId: string }, employeeId: number, form: NativeForm, now = new Date()): Promise<NativeEffect | null> {
  const sourceKey = `${key.vendor}:${key.instanceId}`;
  if (form.kind === "leave" && form.startDate && form.endDate && form.endDate >= form.startDate) {
    const startsAt = zonedTimeToUtc(form.startDate, "00:00");
    const endsAt = zonedTimeToUtc(addDays(form.endDate, 1), "00:00");
    await tx
      .insert(leaveSpans)
      .values({ employeeId, kind: "leave", startsAt, endsAt, leaveType: form.leaveType ?? null, reason: form.reason ?? null, source: NATIVE_SPAN_SOURCE, sourceKey, createdBy: null })
      .onConflictDoUpdate({ target: [leaveSpans.source, leaveSpans.sourceKey], set: { startsAt, endsAt, cancelledAt: null } });
    const l = await recordLeave(tx, { employeeId, startsAt, endsAt, reason: `${form.leaveType ?? "请假"}${form.reason ? `：${form.reason}` : ""}`, createdBy: null }, now);
    const days = daysBetween(form.startDate, form.endDate);
    await recomputePersonDays(tx, days.map((date) => ({ employeeId, date })), undefined, undefined, { kind: "recompute", ref: `native:${sourceKey}` });
    return { kind: "leave", employeeId, leaveSpanKey: sourceKey, meetingLeaveId: l.id, days };
  }
  if (form.kind === "correction" && form.at) {
    const recordId = `native:${sourceKey}`;
    const [r] = await writePunches(tx, [{ source: "app", recordId, employeeId, punchedAt: new Date(form.at), remark: "补卡" }]);
    return { kind: "correction", employeeId, punchRecordId: recordId, days: r?.dates ?? [] };
  }
  if (form.kind === "overtime" && form.startsAt && form.endsAt) {
    const days = daysBetween(businessDate(new Date(form.startsAt)), businessDate(new Date(form.endsAt)));
    const startsAt = new Date(form.startsAt);
    const endsAt = new Date(form.endsAt);
    if (endsAt > startsAt) await applyOvertimeWindow(tx, { source: NATIVE_SPAN_SOURCE, sourceKey }, employeeId, { businessDate: days[0], startsAt, endsAt }, "leave", `native:${sourceKey}`);
    await recomputePersonDays(tx, days.map((date) => ({ employeeId, date })), undefined, undefined, { kind: "recompute", ref: `native:${sourceKey}` });
    return { kind: "overtime", employeeId, days, overtimeKey: endsAt > startsAt ? sourceKey : undefined };
  }
  return null;
}

/** Undo what applyNativeEffect did. */
export async function reverseNativeEffect(tx: Db, effect: NativeEffect, now = new Date()): Promise<void> {
  if (effect.kind === "leave") {
    if (effect.leaveSpanKey) {
      await tx.update(leaveSpans).set({ cancelledAt: sql`now()` }).where(and(eq(leaveSpans.source, NATIVE_SPAN_SOURCE), eq(leaveSpans.sourceKey, effect.leaveSpanKey)));
    }
    if (effect.meetingLeaveId) await removeLeave(tx, effect.meetingLeaveId, now);
  }
  if (effect.kind === "overtime" && effect.overtimeKey) await cancelOvertimeWindow(tx, { source: NATIVE_SPAN_SOURCE, sourceKey: effect.overtimeKey }, `native-reverse:${effect.overtimeKey}`);
  if (effect.kind === "correction" && effect.punchRecordId) {
    await markPunchVanished(tx, { source: "app", recordId: effect.punchRecordId });
    return; // markPunchVanished recomputes the punch's day
  }
  if (effect.days?.length) {
    await recomputePersonDays(tx, effect.days.map((date) => ({ employeeId: effect.employeeId, date })), undefined, undefined, { kind: "recompute", ref: `native-reverse:${effect.leaveSpanKey ?? effect.kind}` });
  }
}
