// One write path for punches of every channel: upsert by natural key, changes recorded (never delete-and-reinsert),
// and the person-days a change touches recomputed in the same transaction.
import { and, eq, gte, inArray, lte, ne, sql } from "drizzle-orm";
import gcoord from "gcoord";
import type { Db } from "@/db/client";
import { punches, PUNCH_SOURCES } from "@/db/schema/attendance";
import { env } from "@/lib/env";
import { enqueuePunchSnapshots } from "@/lib/oa-sync/outbox";
import { enqueueBridged } from "../bridge/enqueue";
import type { LateCause } from "../period-gate";
import { businessDatesForPunches, recomputePersonDays, type PersonDay, type Plan } from "../recompute";

export interface PunchWrite {
  source: (typeof PUNCH_SOURCES)[number];
  deviceId?: string;
  recordId: string;
  employeeId: number;
  punchedAt: Date;
  direction?: "in" | "out" | null;
  location?: { lat: number; lng: number; coord: "wgs84" | "gcj02" | "bd09" } | null;
  placeName?: string | null;
  wifiBssid?: string | null;
  field?: boolean;
  suspicious?: boolean;
  suspiciousReason?: string | null;
  remark?: string | null;
  raw?: Record<string, unknown> | null;
}

/** GCJ-02 (what WeCom/DingTalk and the JS-SDKs use) is the stored datum; other data are converted with gcoord. */
export function toGcj02(loc: NonNullable<PunchWrite["location"]>): { lat: number; lng: number } {
  if (loc.coord === "gcj02") return { lat: loc.lat, lng: loc.lng };
  const [lng, lat] = gcoord.transform([loc.lng, loc.lat], loc.coord === "wgs84" ? gcoord.WGS84 : gcoord.BD09, gcoord.GCJ02);
  return { lat, lng };
}

const TRACKED = ["employeeId", "punchedAt", "direction", "latitude", "longitude", "field", "suspicious"] as const;
const cmp = (v: unknown) => String(v instanceof Date ? v.getTime() : v);
const naturalKey = (source: string, deviceId: string, recordId: string) => JSON.stringify([source, deviceId, recordId]);

export interface PunchWriteResult {
  id: number;
  state: "added" | "changed" | "unchanged";
  dates: string[];
}

/**
 * Upsert a batch of punches (any channel). Inputs are loaded once for the batch (plans for the business dates, the
 * stored rows by natural key, locked), new punches go in with one multi-row INSERT, and every person-day the batch
 * touches is recomputed once. A key repeated within the batch: the last write wins. Results in input order.
 */
export async function writePunches(
  db: Db,
  items: PunchWrite[],
  tz = env().ORG_TIMEZONE,
  /** false: the caller recomputes the person-days itself afterwards (bulk loads), in the same transaction or later. */
  opts: { recompute?: boolean } = {},
): Promise<PunchWriteResult[]> {
  if (!items.length) return [];
  const plans = new Map<string, Plan>();
  const dates = await businessDatesForPunches(db, items.map((p) => ({ employeeId: p.employeeId, at: p.punchedAt })), tz, plans);
  const prepared = items.map((p, i) => {
    const deviceId = p.deviceId ?? "";
    const loc = p.location ? toGcj02(p.location) : null;
    return {
      key: naturalKey(p.source, deviceId, p.recordId),
      values: {
        source: p.source,
        deviceId,
        recordId: p.recordId,
        employeeId: p.employeeId,
        punchedAt: p.punchedAt,
        businessDate: dates[i],
        direction: p.direction ?? null,
        latitude: loc?.lat ?? null,
        longitude: loc?.lng ?? null,
        coord: p.location?.coord ?? null,
        placeName: p.placeName ?? null,
        wifiBssid: p.wifiBssid ?? null,
        field: p.field ?? false,
        suspicious: p.suspicious ?? false,
        suspiciousReason: p.suspiciousReason ?? null,
        remark: p.remark ?? null,
        raw: p.raw ?? null,
      },
    };
  });
  const lastIndex = new Map(prepared.map((p, i) => [p.key, i]));
  const keys = [...lastIndex.keys()].map((k) => JSON.parse(k) as [string, string, string]);
  const existingRows = await db
    .select()
    .from(punches)
    .where(
      sql`(${punches.source}, ${punches.deviceId}, ${punches.recordId}) IN (SELECT * FROM jsonb_to_recordset(${JSON.stringify(keys.map(([s, d, r]) => ({ s, d, r })))}::jsonb) AS k(s text, d text, r text))`,
    )
    .orderBy(punches.id)
    .for("update");
  const existing = new Map(existingRows.map((r) => [naturalKey(r.source, r.deviceId, r.recordId), r]));

  const results: PunchWriteResult[] = new Array(items.length);
  const touched: { employeeId: number; date: string }[] = [];
  const fresh: number[] = [];
  const changedIds: number[] = [];
  const raced: number[] = [];
  const insertedRows: InsertedPunch[] = [];
  // Which punch touched which person-day: queued as late evidence where the day's period is locked.
  const arrived = new Map<string, LateCause[]>();
  const arrive = (employeeId: number, date: string, id: number, source: string) => {
    const k = `${employeeId}:${date}`;
    arrived.set(k, [...(arrived.get(k) ?? []), { kind: "punch", ref: String(id), source }]);
  };
  for (const [key, i] of lastIndex) {
    const { values } = prepared[i];
    const row = existing.get(key);
    if (!row) {
      fresh.push(i);
      continue;
    }
    const differs = TRACKED.some((k) => cmp(row[k]) !== cmp(values[k]));
    if (!differs && row.changeState !== "vanished" && row.businessDate === values.businessDate) {
      results[i] = { id: row.id, state: "unchanged", dates: [] };
      continue;
    }
    const before = Object.fromEntries(TRACKED.map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]));
    await db
      .update(punches)
      .set({
        ...values,
        changeState: "changed",
        history: [...row.history, { at: new Date().toISOString(), state: row.changeState, before: { ...before, businessDate: row.businessDate } }],
        updatedAt: sql`now()`,
      })
      .where(eq(punches.id, row.id));
    const t = [
      { employeeId: row.employeeId, date: row.businessDate },
      { employeeId: values.employeeId, date: values.businessDate },
    ];
    touched.push(...t);
    for (const x of t) arrive(x.employeeId, x.date, row.id, values.source);
    changedIds.push(row.id);
    results[i] = { id: row.id, state: "changed", dates: [...new Set(t.map((x) => x.date))] };
  }
  for (let c = 0; c < fresh.length; c += 1_000) {
    const chunk = fresh.slice(c, c + 1_000);
    // A key another transaction inserted meanwhile (not visible to the lookup above) inserts nothing here: it is
    // written again below, as an existing row, once that transaction has committed (ON CONFLICT waited for it).
    const rows = await db
      .insert(punches)
      .values(chunk.map((i) => prepared[i].values))
      .onConflictDoNothing({ target: [punches.source, punches.deviceId, punches.recordId] })
      .returning({ id: punches.id, source: punches.source, deviceId: punches.deviceId, recordId: punches.recordId });
    const inserted = new Map(rows.map((r) => [naturalKey(r.source, r.deviceId, r.recordId), r.id]));
    for (const i of chunk) {
      const v = prepared[i].values;
      const id = inserted.get(prepared[i].key);
      if (id === undefined) {
        raced.push(i);
        continue;
      }
      touched.push({ employeeId: v.employeeId, date: v.businessDate });
      arrive(v.employeeId, v.businessDate, id, v.source);
      changedIds.push(id);
      insertedRows.push({ id, source: v.source, punchedAt: v.punchedAt, employeeId: v.employeeId, direction: v.direction });
      results[i] = { id, state: "added", dates: [v.businessDate] };
    }
  }
  if (raced.length) {
    const again = await writePunches(db, raced.map((i) => items[i]), tz, { recompute: false });
    raced.forEach((i, n) => {
      results[i] = again[n];
      for (const date of again[n].dates) {
        touched.push({ employeeId: items[i].employeeId, date });
        arrive(items[i].employeeId, date, again[n].id, items[i].source);
      }
    });
  }
  // Repeats of a key earlier in the batch: answered like the write that won.
  prepared.forEach((p, i) => {
    if (!results[i]) results[i] = { ...results[lastIndex.get(p.key)!] };
  });
  // a vendor record that arrives after the same punch came in from the vendor's export file replaces that row
  for (const f of await supersedeFileCopies(db, insertedRows)) {
    touched.push({ employeeId: f.employeeId, date: f.businessDate });
    changedIds.push(f.id);
  }
  await enqueuePunchSnapshots(db, changedIds);
  // a new vendor punch crosses to the other vendor when the admin turned the bridge on (same transaction)
  await enqueueBridged(db, insertedRows);
  if (opts.recompute !== false) await recomputePersonDays(db, touched, tz, plans, (p: PersonDay) => arrived.get(`${p.employeeId}:${p.date}`) ?? []);
  return results;
}

type InsertedPunch = { id: number; source: string; punchedAt: Date; employeeId: number; direction: "in" | "out" | null };

/**
 * HR imported a DingTalk/WeCom punch-record export (source "file", device "<vendor>_file"), and later the vendor's
 * API returns the same punch: the file row is marked vanished with `supersededBy` in its history, so the person has
 * one punch, with the vendor's record id (a re-pull then finds it unchanged). The same punch: that vendor's file,
 * same person, the file's time within the minute before the record's (exports often give minutes only), direction
 * equal where both have one; each record replaces at most one file row, the closest. (The other order — API first,
 * then the file — never stores the row: the import's preview lists it as already there.)
 */
async function supersedeFileCopies(db: Db, inserted: InsertedPunch[]): Promise<{ id: number; employeeId: number; businessDate: string }[]> {
  const vendor = inserted.filter((p) => p.source === "wecom" || p.source === "dingtalk");
  if (!vendor.length) return [];
  const employeeIds = [...new Set(vendor.map((p) => p.employeeId))];
  const from = new Date(Math.min(...vendor.map((p) => p.punchedAt.getTime())) - 60_000);
  const to = new Date(Math.max(...vendor.map((p) => p.punchedAt.getTime())));
  const files = await db
    .select({ id: punches.id, employeeId: punches.employeeId, deviceId: punches.deviceId, punchedAt: punches.punchedAt, direction: punches.direction, businessDate: punches.businessDate, changeState: punches.changeState, history: punches.history })
    .from(punches)
    .where(
      and(
        eq(punches.source, "file"),
        inArray(punches.deviceId, ["wecom_file", "dingtalk_file"]),
        inArray(punches.employeeId, employeeIds),
        gte(punches.punchedAt, from),
        lte(punches.punchedAt, to),
        ne(punches.changeState, "vanished"),
      ),
    );
  if (!files.length) return [];
  const taken = new Set<number>();
  const out: { id: number; employeeId: number; businessDate: string }[] = [];
  for (const v of vendor) {
    const t = v.punchedAt.getTime();
    const match = files
      .filter((f) => !taken.has(f.id) && f.employeeId === v.employeeId && f.deviceId === `${v.source}_file`)
      .filter((f) => f.punchedAt.getTime() <= t && f.punchedAt.getTime() > t - 60_000)
      .filter((f) => !f.direction || !v.direction || f.direction === v.direction)
      .sort((a, b) => b.punchedAt.getTime() - a.punchedAt.getTime())[0];
    if (!match) continue;
    taken.add(match.id);
    await db
      .update(punches)
      .set({ changeState: "vanished", history: [...match.history, { at: new Date().toISOString(), state: match.changeState, before: { supersededBy: v.id } }], updatedAt: sql`now()` })
      .where(eq(punches.id, match.id));
    out.push({ id: match.id, employeeId: match.employeeId, businessDate: match.businessDate });
  }
  return out;
}

/** Upsert one punch; returns its id, what happened, and the person-days recomputed. */
export async function writePunch(db: Db, p: PunchWrite, tz = env().ORG_TIMEZONE): Promise<PunchWriteResult> {
  return (await writePunches(db, [p], tz))[0];
}

/** A record the vendor no longer returns: kept, marked vanished, its person-day recomputed without it. */
export async function markPunchVanished(db: Db, key: { source: PunchWrite["source"]; deviceId?: string; recordId: string }): Promise<boolean> {
  const [row] = await db
    .select()
    .from(punches)
    .where(and(eq(punches.source, key.source), eq(punches.deviceId, key.deviceId ?? ""), eq(punches.recordId, key.recordId)))
    .for("update");
  if (!row || row.changeState === "vanished") return false;
  await db
    .update(punches)
    .set({ changeState: "vanished", history: [...row.history, { at: new Date().toISOString(), state: row.changeState, before: {} }], updatedAt: sql`now()` })
    .where(eq(punches.id, row.id));
  await enqueuePunchSnapshots(db, [row.id]);
  await recomputePersonDays(db, [{ employeeId: row.employeeId, date: row.businessDate }], undefined, undefined, { kind: "punch_vanished", ref: String(row.id), source: row.source });
  return true;
}
