// In-app punch (打卡) from the workbench: the signed-in employee's position is judged against their attendance
// group's places and Wi-Fi (fence.ts); an accepted punch goes through the same write path as every channel — an
// inbox row keyed by the client's id (a retry is the same row), processed by the inbox handler "app:punch" — and
// the answer carries the resulting person-day so the page can show it at once.
import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, inboxEvents, punches } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import type { EventHandler } from "@/lib/ingest/types";
import { groupOf } from "../recompute";
import { judgePunch, refusalMessage, type PunchVerdict } from "./fence";
import { writePunch } from "./store";

const text = (max: number) => z.string().trim().min(1).max(max);

export const appPunchRequest = z
  .strictObject({
    /** Generated once per tap by the page; a retry of the same tap sends the same id (idempotent). */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "8–64 letters, digits, - or _"),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    coord: z.enum(["gcj02", "wgs84"]).optional(),
    accuracy: z.number().min(0).max(100_000).optional().nullable(),
    /** Why the page has no position (the JS-SDK or the browser refused). */
    locationError: z.enum(["denied", "unavailable", "timeout", "unsupported"]).optional(),
    wifi: z.strictObject({ bssid: z.string().regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, "a MAC address"), ssid: z.string().max(64).optional() }).optional(),
    field: z
      .strictObject({
        remark: text(200),
        /** Optional photo as a data URL (JPEG/PNG/WebP), at most ~300 KB. */
        photo: z.string().max(400_000).regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, "a data:image/… base64 URL").optional(),
      })
      .optional(),
  })
  .refine((b) => (b.lat === undefined) === (b.lng === undefined) && (b.lat === undefined || b.coord !== undefined), {
    message: "lat, lng and coord come together",
    path: ["lat"],
  });
export type AppPunchRequest = z.infer<typeof appPunchRequest>;

export interface PunchDay {
  businessDate: string;
  statuses: string[];
  explanation: string;
  slots: { index: number; kind: "in" | "out"; expectedAt: string; status: string; punchId: number | null }[];
}

export interface AppPunchResult {
  replay: boolean;
  punch: { id: number; at: string; businessDate: string; via: "place" | "wifi" | "field"; placeName: string | null; distanceMeters: number | null; field: boolean };
  day: PunchDay | null;
}

const dedupeKey = (employeeId: number, clientId: string) => JSON.stringify([employeeId, clientId]);
const recordIdOf = (employeeId: number, clientId: string) => `${employeeId}:${clientId}`;

function refuse(v: Extract<PunchVerdict, { ok: false }>): AppError {
  const details: Record<string, unknown> =
    v.code === "punch_outside_fence"
      ? { placeName: v.nearest.name, distanceMeters: v.nearest.distanceMeters, radiusMeters: v.nearest.radiusMeters, fieldAllowed: v.fieldAllowed }
      : v.code === "punch_location_unavailable"
        ? { reason: v.reason }
        : {};
  return new AppError(v.code, 422, refusalMessage(v), details);
}

const storedPayload = z.object({
  employee_id: z.number().int().positive(),
  record_id: z.string(),
  time: z.iso.datetime(),
  location: z.object({ lat: z.number(), lng: z.number(), coord: z.enum(["gcj02", "wgs84"]), accuracy: z.number().nullable() }).nullable(),
  via: z.enum(["place", "wifi", "field"]),
  place_name: z.string().nullable(),
  distance_meters: z.number().nullable(),
  wifi_bssid: z.string().nullable(),
  field: z.boolean(),
  remark: z.string().nullable(),
  photo: z.string().nullable(),
  device: z.string().nullable(),
});
type StoredPayload = z.infer<typeof storedPayload>;

/** Inbox handler "app:punch": write the punch (natural key: source "app" + the generated record id). */
export const appPunchHandler: EventHandler = async ({ db, event }) => {
  const p = storedPayload.parse(event.payload);
  const r = await writePunch(db, {
    source: "app",
    recordId: p.record_id,
    employeeId: p.employee_id,
    punchedAt: new Date(p.time),
    location: p.location ? { lat: p.location.lat, lng: p.location.lng, coord: p.location.coord } : null,
    placeName: p.place_name,
    wifiBssid: p.wifi_bssid,
    field: p.field,
    remark: p.remark,
    raw: { via: p.via, distanceMeters: p.distance_meters, accuracy: p.location?.accuracy ?? null, device: p.device, ...(p.photo ? { photo: p.photo } : {}) },
  });
  return { outcome: "handled", effects: { kind: "punch", punchId: r.id, state: r.state, dates: r.dates } };
};

/** The person-day as the page shows it (null before anything was computed). */
export async function punchDay(db: Db, employeeId: number, date: string): Promise<PunchDay | null> {
  const [d] = await db
    .select({ statuses: attendanceDays.statuses, explanation: attendanceDays.explanation, detail: attendanceDays.detail })
    .from(attendanceDays)
    .where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, date)));
  if (!d) return null;
  const slots = ((d.detail as { slots?: PunchDay["slots"] }).slots ?? []).map((s) => ({ index: s.index, kind: s.kind, expectedAt: s.expectedAt, status: s.status, punchId: s.punchId }));
  return { businessDate: date, statuses: d.statuses, explanation: d.explanation, slots };
}

const WAIT_MS = 8_000;

/**
 * Judge the position, store the punch through the inbox and answer with the resulting day. Refusals are
 * AppErrors (422, or 409 without an attendance group) and write nothing.
 */
export async function punchInApp(db: Db, viewer: Viewer, body: AppPunchRequest, opts: { now?: Date; device?: string } = {}): Promise<AppPunchResult> {
  const key = dedupeKey(viewer.employeeId, body.clientId);
  const recordId = recordIdOf(viewer.employeeId, body.clientId);
  // A retry of a punch already taken answers with that punch, whatever the position says now.
  let [row] = await db.select({ id: inboxEvents.id, status: inboxEvents.status }).from(inboxEvents).where(and(eq(inboxEvents.source, "app"), eq(inboxEvents.dedupeKey, key)));
  let replay = Boolean(row);
  if (!row) {
    const group = await groupOf(db, viewer.employeeId);
    if (!group) throw new AppError("punch_no_group", 409, "你还没有加入考勤组，暂时不能打卡。请联系人事把你加入考勤组");
    const location = body.lat !== undefined && body.lng !== undefined && body.coord ? { lat: body.lat, lng: body.lng, coord: body.coord, accuracy: body.accuracy ?? null } : null;
    const verdict = judgePunch(group, { location, locationError: body.locationError, wifi: body.wifi, field: body.field });
    if (!verdict.ok) throw refuse(verdict);
    const payload: StoredPayload = {
      employee_id: viewer.employeeId,
      record_id: recordId,
      time: (opts.now ?? new Date()).toISOString(),
      location,
      via: verdict.via,
      place_name: verdict.placeName,
      distance_meters: verdict.via === "field" ? (verdict.nearest?.distanceMeters ?? null) : verdict.distanceMeters,
      wifi_bssid: verdict.via === "wifi" && body.wifi ? body.wifi.bssid.toLowerCase().replace(/-/g, ":") : null,
      field: verdict.via === "field",
      remark: verdict.via === "field" ? body.field!.remark : null,
      photo: verdict.via === "field" ? (body.field!.photo ?? null) : null,
      device: opts.device ?? null,
    };
    const { photo: _photo, ...rawWithoutPhoto } = payload;
    const inserted = await db
      .insert(inboxEvents)
      .values({ source: "app", channel: "http", eventType: "punch", dedupeKey: key, raw: JSON.stringify(rawWithoutPhoto), payload })
      .onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] })
      .returning({ id: inboxEvents.id, status: inboxEvents.status });
    if (inserted[0]) row = inserted[0];
    else {
      // A concurrent retry of the same tap stored it first.
      replay = true;
      [row] = await db.select({ id: inboxEvents.id, status: inboxEvents.status }).from(inboxEvents).where(and(eq(inboxEvents.source, "app"), eq(inboxEvents.dedupeKey, key)));
    }
  }
  // Run our own row now (the loop may hold it: then wait for it to finish). Imported here: the worker's handler
  // table imports this module.
  const { processInboxBatch, wakeInbox } = await import("@/lib/ingest/worker");
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (row.status === "received" || row.status === "processing") await processInboxBatch(db, 1, [row.id]);
    const [now] = await db.select({ id: inboxEvents.id, status: inboxEvents.status, lastError: inboxEvents.lastError }).from(inboxEvents).where(eq(inboxEvents.id, row.id));
    row = now;
    if (now.status === "handled") break;
    if (now.status === "dead" || Date.now() > deadline) {
      wakeInbox();
      throw new AppError("unavailable", 503, "打卡已收到，但暂时没能记入考勤，请稍后刷新查看", { inboxEventId: row.id });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const [p] = await db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.deviceId, ""), eq(punches.recordId, recordId)));
  if (!p) throw new AppError("unavailable", 503, "打卡已收到，但暂时没能记入考勤，请稍后刷新查看");
  const raw = (p.raw ?? {}) as { via?: "place" | "wifi" | "field"; distanceMeters?: number | null };
  return {
    replay,
    punch: {
      id: p.id,
      at: p.punchedAt.toISOString(),
      businessDate: p.businessDate,
      via: raw.via ?? (p.field ? "field" : "place"),
      placeName: p.placeName,
      distanceMeters: raw.distanceMeters ?? null,
      field: p.field,
    },
    day: await punchDay(db, viewer.employeeId, p.businessDate),
  };
}
