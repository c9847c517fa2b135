// Punch devices (face terminals, badge readers): POST /api/v1/punches. The request is answered per record in
// request order once the accepted records are in the inbox (the row is the job); the inbox worker writes the punch
// and recomputes the person-day. Idempotent by (device_id, record_id): the inbox's dedupe key.
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { employees, inboxEvents } from "@/db/schema";
import type { EventHandler, HandlerResult, InboxEvent } from "@/lib/ingest/types";
import { findNul, NUL_MESSAGE } from "@/lib/validation";
import { devicePunch, FUTURE_SKEW_MS, type DevicePunch, type DevicePunchResult, type devicePunchRequest } from "./schemas";
import { appPunchHandler } from "./app";
import { importedPunchHandler } from "./file-import-handler";
import { recomputeHandler } from "../calendar-refresh";
import { writePunch, writePunches, type PunchWrite, type PunchWriteResult } from "./store";

const dedupeKey = (deviceId: string, recordId: string) => JSON.stringify([deviceId, recordId]);
const idOf = (v: unknown, k: string) => {
  const x = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return typeof x === "string" && x.length <= 128 && findNul(x) === null ? x : null;
};

/**
 * Validate, resolve and store a batch. `body` must already satisfy devicePunchRequest (the caller answers 400
 * otherwise). Writes only inbox rows; returns one result per record in request order.
 */
export async function receiveDevicePunches(db: Db, body: z.infer<typeof devicePunchRequest>, now = new Date()): Promise<DevicePunchResult[]> {
  const results: DevicePunchResult[] = [];
  const valid: { i: number; p: DevicePunch; at: Date }[] = [];
  body.punches.forEach((item, i) => {
    const base = { device_id: idOf(item, "device_id"), record_id: idOf(item, "record_id") };
    const nul = findNul(item);
    if (nul !== null) return void (results[i] = { ...base, status: "invalid", reason: `${nul}: ${NUL_MESSAGE}` });
    const parsed = devicePunch.safeParse(item);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((x) => `${x.path.join(".") || "punch"}: ${x.message}`).join("; ");
      return void (results[i] = { ...base, status: "invalid", reason });
    }
    const at = new Date(parsed.data.time);
    if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      return void (results[i] = { ...base, status: "invalid", reason: "time: is in the future" });
    }
    valid.push({ i, p: parsed.data, at });
  });
  const nos = [...new Set(valid.map((v) => v.p.employee_no))];
  const known = new Map(
    nos.length ? (await db.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(inArray(employees.employeeNo, nos))).map((e) => [e.no, e.id]) : [],
  );
  const seen = new Set<string>();
  const rows: (typeof inboxEvents.$inferInsert)[] = [];
  for (const { i, p, at } of valid) {
    const base = { device_id: p.device_id, record_id: p.record_id };
    const employeeId = known.get(p.employee_no);
    if (employeeId === undefined) {
      results[i] = { ...base, status: "unknown_employee", reason: "employee_no: no such employee" };
      continue;
    }
    const key = dedupeKey(p.device_id, p.record_id);
    if (seen.has(key)) {
      results[i] = { ...base, status: "duplicate" };
      continue;
    }
    seen.add(key);
    const payload = { employee_id: employeeId, employee_no: p.employee_no, time: at.toISOString(), device_id: p.device_id, record_id: p.record_id, direction: p.direction ?? null, location: p.location ?? null };
    rows.push({ source: "device", channel: "http", eventType: "punch", dedupeKey: key, raw: JSON.stringify(p), payload });
    results[i] = { ...base, status: "accepted" };
  }
  if (rows.length) {
    // One statement persists the records and makes them due; a key already in the inbox is a duplicate.
    const inserted = await db.insert(inboxEvents).values(rows).onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] }).returning({ key: inboxEvents.dedupeKey });
    const fresh = new Set(inserted.map((r) => r.key));
    for (const r of results) {
      if (r.status === "accepted" && !fresh.has(dedupeKey(r.device_id!, r.record_id!))) r.status = "duplicate";
    }
  }
  return results;
}

const storedPayload = z.object({
  employee_id: z.number().int().positive(),
  time: z.iso.datetime(),
  device_id: z.string(),
  record_id: z.string(),
  direction: z.enum(["in", "out"]).nullable(),
  location: z.object({ lat: z.number(), lng: z.number(), coord: z.enum(["wgs84", "gcj02"]) }).nullable(),
});

function toWrite(payload: unknown): PunchWrite {
  const p = storedPayload.parse(payload);
  return { source: "device", deviceId: p.device_id, recordId: p.record_id, employeeId: p.employee_id, punchedAt: new Date(p.time), direction: p.direction, location: p.location };
}
const handled = (r: PunchWriteResult): HandlerResult => ({ outcome: "handled", effects: { kind: "punch", punchId: r.id, state: r.state, dates: r.dates } });

/**
 * Inbox handler "device:punch": write the punch, recompute the person-day(s) it touches. A batch of device punches
 * (the inbox claims up to 50 at a time) is written together: inputs loaded once, each touched person-day once.
 */
export const devicePunchHandler: EventHandler = Object.assign(
  async ({ db, event }: { db: Db; event: InboxEvent }) => handled(await writePunch(db, toWrite(event.payload))),
  {
    batch: async ({ db, events }: { db: Db; events: InboxEvent[] }) => (await writePunches(db, events.map((e) => toWrite(e.payload)))).map(handled),
  },
);

export const attendanceEventHandlers: Record<string, EventHandler> = {
  "device:punch": devicePunchHandler,
  "app:punch": appPunchHandler,
  "import:punch": importedPunchHandler,
  "attendance:recompute": recomputeHandler,
};
