// Inbox handlers of the vendor pulls (lib/attendance/punches/pull.ts) and of DingTalk's attendance_check_record event.
// - "<source>:checkin_pull.vendor_records": up to 500 new or changed records as the vendor sent them, each with its
//   natural key and the employee the pull matched, mapped here (vendor-map.ts) and written through the store in one
//   batch (the store keeps each change in the punch's history and recomputes the person-days they touch, once each);
//   "<source>:checkin_pull.records" (mapped before storing) and "<source>:checkin_pull.record" (one record a row) are
//   the rows of earlier versions, handled the same way.
// - "<source>:checkin_pull.vanished": the vendor no longer returns a record of a window we pulled again: mark the
//   punch vanished (kept, not deleted) — unless it moved or changed since the pull looked (then a later pull decides).
// - "dingtalk:attendance_check_record": the event has no timeResult and at most one push per person per minute
//   (dingtalk.md §5), so it only asks for a targeted pull of that person-day (attendance_pull_requests, collapsed).
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendancePullRequests, punches } from "@/db/schema";
import type { EventHandler } from "@/lib/ingest/types";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { dingtalkPunchRecord } from "@/lib/vendors/dingtalk/attendance";
import { wecomCheckinRecord } from "@/lib/vendors/wecom/checkin";
import { markPunchVanished, writePunch, writePunches, type PunchWrite, type PunchWriteResult } from "./store";
import { PULL_BATCH_EVENT, PULL_BATCH_SIZE, PULL_EVENT, PULL_VENDOR_EVENT, VANISH_EVENT } from "./pull-names";
import { dingtalkPunch, wecomPunch } from "./vendor-map";

const pulledPayload = z.object({
  employee_id: z.number().int().positive(),
  record_id: z.string().min(1),
  time: z.iso.datetime(),
  direction: z.enum(["in", "out"]).nullable(),
  location: z.object({ lat: z.number(), lng: z.number(), coord: z.enum(["wgs84", "gcj02", "bd09"]) }).nullable(),
  place_name: z.string().nullable(),
  wifi_bssid: z.string().nullable(),
  field: z.boolean(),
  suspicious: z.boolean(),
  suspicious_reason: z.string().nullable(),
  remark: z.string().nullable(),
  /** the vendor's record as it came (kept on the punch) */
  vendor: z.record(z.string(), z.unknown()).nullable().optional(),
});

const vanishedPayload = z.object({ record_id: z.string().min(1), window_start: z.iso.datetime(), window_end: z.iso.datetime(), changes: z.number().int().min(0) });

const toWrite = (source: "wecom" | "dingtalk", p: z.infer<typeof pulledPayload>): PunchWrite => ({
  source,
  recordId: p.record_id,
  employeeId: p.employee_id,
  punchedAt: new Date(p.time),
  direction: p.direction,
  location: p.location,
  placeName: p.place_name,
  wifiBssid: p.wifi_bssid,
  field: p.field,
  suspicious: p.suspicious,
  suspiciousReason: p.suspicious_reason,
  remark: p.remark,
  raw: p.vendor ?? null,
});

/** One record per row: what pulls stored before they batched (rows still in an inbox are handled the same). */
function recordHandler(source: "wecom" | "dingtalk"): EventHandler {
  return async ({ db, event }) => {
    const r = await writePunch(db, toWrite(source, pulledPayload.parse(event.payload)));
    return { outcome: "handled", effects: { kind: "punch", punchId: r.id, state: r.state, dates: r.dates } };
  };
}

function batchOutcome(r: PunchWriteResult[]) {
  const n = (s: string) => r.filter((x) => x.state === s).length;
  return { outcome: "handled" as const, effects: { kind: "punches", records: r.length, added: n("added"), changed: n("changed"), unchanged: n("unchanged") } };
}

const batchPayload = z.object({ records: z.array(pulledPayload).min(1).max(PULL_BATCH_SIZE) });

/** Up to PULL_BATCH_SIZE records: one batched write through the store (each person-day recomputed once). */
function recordsHandler(source: "wecom" | "dingtalk"): EventHandler {
  return async ({ db, event }) => {
    const { records } = batchPayload.parse(event.payload);
    return batchOutcome(await writePunches(db, records.map((p) => toWrite(source, p))));
  };
}

const vendorBatchPayload = z.object({
  records: z
    .array(z.object({ employee_id: z.number().int().positive(), record_id: z.string().min(1), vendor: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(PULL_BATCH_SIZE),
});

/** Up to PULL_BATCH_SIZE vendor records as they came: mapped as the pull mapped them, then one batched write. */
function vendorRecordsHandler(source: "wecom" | "dingtalk"): EventHandler {
  return async ({ db, event }) => {
    const { records } = vendorBatchPayload.parse(event.payload);
    const tz = env().ORG_TIMEZONE;
    const writes = records.map((r) =>
      source === "wecom" ? wecomPunch(wecomCheckinRecord.parse(r.vendor), r.record_id, r.employee_id, tz) : dingtalkPunch(dingtalkPunchRecord.parse(r.vendor), r.employee_id, tz),
    );
    return batchOutcome(await writePunches(db, writes, tz));
  };
}

function vanishedHandler(source: "wecom" | "dingtalk"): EventHandler {
  return async ({ db, event }) => {
    const p = vanishedPayload.parse(event.payload);
    const [row] = await db
      .select({ punchedAt: punches.punchedAt, changes: sql<number>`jsonb_array_length(${punches.history})` })
      .from(punches)
      .where(and(eq(punches.source, source), eq(punches.deviceId, ""), eq(punches.recordId, p.record_id)));
    if (!row) return { outcome: "ignored", reason: "no such punch" };
    const inWindow = row.punchedAt >= new Date(p.window_start) && row.punchedAt < new Date(p.window_end);
    if (!inWindow || Number(row.changes) !== p.changes) return { outcome: "ignored", reason: "the punch changed since the pull; the next pull decides" };
    const marked = await markPunchVanished(db, { source, recordId: p.record_id });
    return { outcome: "handled", effects: { kind: "punch_vanished", recordId: p.record_id, marked } };
  };
}

type Payload = Record<string, unknown>;
function field(p: Payload, ...names: string[]): unknown {
  const lower = new Map(Object.entries(p).map(([k, v]) => [k.toLowerCase(), v]));
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/** The person-days an attendance_check_record event names: (userId, business date of checkTime). */
export function checkRecordTargets(payload: Payload, tz?: string): { userid: string; date: string }[] {
  const list = field(payload, "dataList", "DataList");
  const items = Array.isArray(list) ? list : [];
  const out = new Map<string, { userid: string; date: string }>();
  for (const it of items) {
    if (!it || typeof it !== "object") continue;
    const userid = field(it as Payload, "userId", "UserId", "staffId");
    const at = Number(field(it as Payload, "checkTime", "CheckTime"));
    if (typeof userid !== "string" || !Number.isFinite(at) || at <= 0) continue;
    const date = businessDate(new Date(at > 1e12 ? at : at * 1000), tz);
    out.set(`${userid}|${date}`, { userid, date });
  }
  return [...out.values()];
}

/** Ask for a pull of each person-day (collapsed: one due row per person-day however many events arrive). */
export async function requestTargetedPulls(db: Db, source: "wecom" | "dingtalk", targets: { userid: string; date: string }[]): Promise<number> {
  if (!targets.length) return 0;
  const rows = await db
    .insert(attendancePullRequests)
    .values(targets.map((t) => ({ source, externalUserId: t.userid, workDate: t.date })))
    .onConflictDoUpdate({
      target: [attendancePullRequests.source, attendancePullRequests.externalUserId, attendancePullRequests.workDate],
      set: { doneAt: null, requestedAt: sql`now()`, attempts: 0, lastError: null },
    })
    .returning({ id: attendancePullRequests.id });
  return rows.length;
}

const checkRecordHandler: EventHandler = async ({ db, event }) => {
  const targets = checkRecordTargets(event.payload as Payload);
  if (!targets.length) return { outcome: "ignored", reason: "attendance_check_record without userId/checkTime" };
  const n = await requestTargetedPulls(db, "dingtalk", targets);
  return { outcome: "handled", effects: { kind: "targeted_pull_requested", personDays: n } };
};

export const attendancePullEventHandlers: Record<string, EventHandler> = {
  [`wecom:${PULL_EVENT}`]: recordHandler("wecom"),
  [`dingtalk:${PULL_EVENT}`]: recordHandler("dingtalk"),
  [`wecom:${PULL_BATCH_EVENT}`]: recordsHandler("wecom"),
  [`dingtalk:${PULL_BATCH_EVENT}`]: recordsHandler("dingtalk"),
  [`wecom:${PULL_VENDOR_EVENT}`]: vendorRecordsHandler("wecom"),
  [`dingtalk:${PULL_VENDOR_EVENT}`]: vendorRecordsHandler("dingtalk"),
  [`wecom:${VANISH_EVENT}`]: vanishedHandler("wecom"),
  [`dingtalk:${VANISH_EVENT}`]: vanishedHandler("dingtalk"),
  "dingtalk:attendance_check_record": checkRecordHandler,
};
