// The bridge's sender (loop "attendance.bridge", lib/attendance/jobs.ts): claims queued rows per direction and
// writes them into the other vendor, paced by the shared per-API rate budget (every instance together stays
// under the vendor's limit):
// - DingTalk → WeCom: POST /cgi-bin/checkin/add_checkin_record, ≤200 records a call, time in s, lat/lng GCJ-02 ×10⁶
//   (path/99647);
// - WeCom → DingTalk: POST /topapi/attendance/record/upload, one punch a call, time in ms (upload-punch-records).
// Neither call is idempotent at the vendor, so a call without an answer is never simply repeated: its rows become
// `unknown` and are read back from the target (getcheckindata / listRecord) before anything is sent again.
// A batch the vendor refuses as a whole (a bad record, a member it does not know) is split in halves until the
// refused records are alone; the rest goes through.
import "server-only";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceBridge, identities, punches, type BridgeDirection } from "@/db/schema";
import { vendorEnabled } from "@/lib/env";
import { isUnknownOutcome } from "@/lib/notifications/alerts";
import { log } from "@/lib/observability/log";
import { dingtalkPunchRecords, dingtalkUploadRecord } from "@/lib/vendors/dingtalk/attendance";
import { DingtalkClient } from "@/lib/vendors/dingtalk/client";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import type { HttpPolicy } from "@/lib/vendors/http";
import { WECOM_ADD_CHECKIN_MAX, wecomAddCheckinRecords, wecomCheckinData, type WecomCheckinUpload } from "@/lib/vendors/wecom/checkin";
import { WecomClient } from "@/lib/vendors/wecom/client";
import { bridgeSettings, directionsOf } from "./settings";

type Row = typeof attendanceBridge.$inferSelect;
export interface BridgeDeps {
  http?: Partial<HttpPolicy>;
  now?: Date;
}

/** A claim holds its rows this long; a sender that died mid-call leaves them `sending` → read back, then resent. */
const LEASE_MS = 2 * 60_000;
export const BRIDGE_MAX_ATTEMPTS = 8;
const DINGTALK_UPLOAD_CONCURRENCY = 10;
const DEVICE_NAME = "签到·钉钉企业微信考勤同步";
const DEVICE_ID = "qiandao-bridge";

const BATCH: Record<BridgeDirection, number> = { dingtalk_to_wecom: WECOM_ADD_CHECKIN_MAX, wecom_to_dingtalk: 200 };
const TARGET: Record<BridgeDirection, "wecom" | "dingtalk"> = { dingtalk_to_wecom: "wecom", wecom_to_dingtalk: "dingtalk" };

/** One tick: read back what is unknown, then send one claimed batch per enabled direction. Returns rows settled. */
export async function runAttendanceBridge(db: Db, deps: BridgeDeps = {}): Promise<number> {
  const s = await bridgeSettings(db);
  // a deployment with one vendor has nothing to bridge to (the setting refuses it; a vendor removed later stops it)
  if (!(vendorEnabled("wecom") && vendorEnabled("dingtalk"))) return 0;
  let done = 0;
  // off means off: rows already queued wait (the console shows them) and go out if the direction is switched on again
  for (const direction of directionsOf(s.mode)) {
    done += await recoverStale(db, direction, deps);
    done += await verifyUnknown(db, direction, deps);
    done += await sendBatch(db, direction, deps);
  }
  return done;
}

/** `sending` rows whose lease ran out (their sender died mid-call): unknown, like a call without an answer. */
async function recoverStale(db: Db, direction: BridgeDirection, deps: BridgeDeps): Promise<0> {
  const now = deps.now ?? new Date();
  await db
    .update(attendanceBridge)
    .set({ status: "unknown", lastError: "the sender stopped during the call; reading the target back" })
    .where(and(eq(attendanceBridge.direction, direction), eq(attendanceBridge.status, "sending"), lte(attendanceBridge.nextAttemptAt, now)));
  return 0;
}

async function claim(db: Db, direction: BridgeDirection, statuses: Row["status"][], limit: number, now: Date): Promise<Row[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: attendanceBridge.id })
      .from(attendanceBridge)
      .where(and(eq(attendanceBridge.direction, direction), inArray(attendanceBridge.status, statuses), lte(attendanceBridge.nextAttemptAt, now)))
      .orderBy(asc(attendanceBridge.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(attendanceBridge)
      .set({ status: "sending", nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(attendanceBridge.id, due.map((d) => d.id)))
      .returning();
  });
}

/** The person's user id in the target vendor (identity ledger), per employee. */
async function targetIds(db: Db, direction: BridgeDirection, employeeIds: number[]): Promise<Map<number, string>> {
  const provider = TARGET[direction];
  const corpId = provider === "wecom" ? wecomConfig().corpId : dingtalkConfig().corpId;
  const rows = await db
    .select({ employeeId: identities.employeeId, externalId: identities.externalId })
    .from(identities)
    .where(and(eq(identities.provider, provider), eq(identities.corpId, corpId), inArray(identities.employeeId, [...new Set(employeeIds)])))
    .orderBy(asc(identities.id));
  const m = new Map<number, string>();
  for (const r of rows) if (!m.has(r.employeeId)) m.set(r.employeeId, r.externalId);
  return m;
}

const backoff = (attempts: number, now: Date) => new Date(now.getTime() + Math.min(2 ** attempts * 30_000, 3_600_000));

async function settle(db: Db, ids: number[], set: Partial<typeof attendanceBridge.$inferInsert>): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) await db.update(attendanceBridge).set(set).where(inArray(attendanceBridge.id, ids.slice(i, i + 1000)));
}

/** Settle rows that were addressed to a target user, recording which user that was. */
async function mark(db: Db, rows: (Row & { targetUserId: string })[], set: Partial<typeof attendanceBridge.$inferInsert>): Promise<void> {
  const byUser = sql`CASE ${attendanceBridge.id} ${sql.join(rows.map((r) => sql`WHEN ${r.id} THEN ${r.targetUserId}`), sql` `)} END`;
  await db.update(attendanceBridge).set({ ...set, targetUserId: byUser }).where(inArray(attendanceBridge.id, rows.map((r) => r.id)));
}

async function fail(db: Db, rows: Row[], error: string, now: Date): Promise<void> {
  for (const r of rows) {
    const attempts = r.attempts + 1;
    await db
      .update(attendanceBridge)
      .set({ status: attempts >= BRIDGE_MAX_ATTEMPTS ? "dead" : "failed", attempts, lastError: error.slice(0, 300), nextAttemptAt: backoff(attempts, now) })
      .where(eq(attendanceBridge.id, r.id));
  }
}

async function sendBatch(db: Db, direction: BridgeDirection, deps: BridgeDeps): Promise<number> {
  const now = deps.now ?? new Date();
  const rows = await claim(db, direction, ["pending", "failed"], BATCH[direction], now);
  if (!rows.length) return 0;
  const ids = await targetIds(db, direction, rows.map((r) => r.employeeId));
  const unlinked = rows.filter((r) => !ids.has(r.employeeId));
  // no account in the target vendor yet: retried hourly (an org sync may link it), never sent to a guessed user
  for (const r of unlinked) {
    await db
      .update(attendanceBridge)
      .set({ status: "failed", lastError: TARGET[direction] === "wecom" ? "未关联企业微信账号" : "未关联钉钉账号", nextAttemptAt: new Date(now.getTime() + 3_600_000) })
      .where(eq(attendanceBridge.id, r.id));
  }
  const ready = rows.filter((r) => ids.has(r.employeeId)).map((r) => ({ ...r, targetUserId: ids.get(r.employeeId)! }));
  if (!ready.length) return unlinked.length;
  if (direction === "dingtalk_to_wecom") await toWecom(db, ready, deps, now);
  else await toDingtalk(db, ready, deps, now);
  return rows.length;
}

async function toWecom(db: Db, rows: (Row & { targetUserId: string })[], deps: BridgeDeps, now: Date): Promise<void> {
  const client = new WecomClient({ db, http: { ...deps.http, idempotent: false } });
  const detail = new Map(
    (
      await db
        .select({ id: punches.id, latitude: punches.latitude, longitude: punches.longitude, placeName: punches.placeName, field: punches.field })
        .from(punches)
        .where(inArray(punches.id, rows.map((r) => r.punchId)))
    ).map((p) => [p.id, p]),
  );
  const record = (r: Row & { targetUserId: string }): WecomCheckinUpload => {
    const p = detail.get(r.punchId);
    const located = p && p.latitude !== null && p.longitude !== null;
    return {
      userid: r.targetUserId,
      checkin_time: Math.floor(r.punchedAt.getTime() / 1000),
      location_title: (p?.placeName ?? (p?.field ? "钉钉外勤打卡" : "钉钉打卡")).slice(0, 1024),
      notes: "来自钉钉考勤（签到同步）",
      ...(located ? { lat: Math.round(p!.latitude! * 1e6), lng: Math.round(p!.longitude! * 1e6) } : {}),
      device_type: 3,
      device_detail: "钉钉考勤同步",
    };
  };
  const send = async (part: (Row & { targetUserId: string })[]): Promise<void> => {
    try {
      await wecomAddCheckinRecords(client, part.map(record));
      await mark(db, part, { status: "sent", sentAt: new Date(), lastError: null });
    } catch (e) {
      await handleError(db, part, e, now, () => (part.length > 1 ? Promise.all([send(part.slice(0, part.length >> 1)), send(part.slice(part.length >> 1))]).then(() => undefined) : null));
    }
  };
  await send(rows);
}

async function toDingtalk(db: Db, rows: (Row & { targetUserId: string })[], deps: BridgeDeps, now: Date): Promise<void> {
  const client = new DingtalkClient({ db, http: deps.http });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(DINGTALK_UPLOAD_CONCURRENCY, rows.length) }, async () => {
      while (next < rows.length) {
        const r = rows[next++];
        try {
          await dingtalkUploadRecord(client, { userid: r.targetUserId, deviceName: DEVICE_NAME, deviceId: DEVICE_ID, userCheckTimeMs: r.punchedAt.getTime() }, { idempotent: false });
          await mark(db, [r], { status: "sent", sentAt: new Date(), lastError: null });
        } catch (e) {
          await handleError(db, [r], e, now, () => null);
        }
      }
    }),
  );
}

/**
 * What a refused or unanswered call means for its rows: rate limit → back in the queue (no attempt counted); no
 * answer → unknown (read back before resending); a refusal of a batch → split (when `split` can); else failed.
 */
async function handleError(db: Db, rows: (Row & { targetUserId: string })[], e: unknown, now: Date, split: () => Promise<void> | null): Promise<void> {
  const err = e as { kind?: string; message?: string };
  const ids = rows.map((r) => r.id);
  if (err.kind === "rate_limited" || err.kind === "quota_exhausted") {
    await settle(db, ids, { status: "pending", nextAttemptAt: new Date(now.getTime() + 60_000), lastError: String(err.message).slice(0, 300) });
    return;
  }
  if (isUnknownOutcome(e)) {
    await mark(db, rows, { status: "unknown", nextAttemptAt: now, lastError: String(err.message).slice(0, 300) });
    return;
  }
  if (err.kind === "api") {
    const halves = split();
    if (halves) return halves;
  }
  log.warn({ kind: err.kind, rows: rows.length, err: String(err.message).slice(0, 200) }, "attendance bridge: send refused");
  await fail(db, rows, String(err.message ?? e), now);
}

/**
 * `unknown` rows: did the target get them? Read the target vendor for those people and days; a record at the same
 * second means it arrived (sent), none means it did not (pending again, sent on the next tick).
 */
async function verifyUnknown(db: Db, direction: BridgeDirection, deps: BridgeDeps): Promise<number> {
  const now = deps.now ?? new Date();
  const rows = await claim(db, direction, ["unknown"], direction === "dingtalk_to_wecom" ? 100 : 50, now);
  if (!rows.length) return 0;
  const ids = await targetIds(db, direction, rows.map((r) => r.employeeId));
  const withUser = rows.map((r) => ({ ...r, targetUserId: r.targetUserId ?? ids.get(r.employeeId) ?? null }));
  const users = [...new Set(withUser.map((r) => r.targetUserId).filter((x): x is string => !!x))];
  const from = Math.min(...rows.map((r) => r.punchedAt.getTime())) - 1000;
  const to = Math.max(...rows.map((r) => r.punchedAt.getTime())) + 1000;
  const present = new Set<string>();
  try {
    if (users.length) {
      // the read windows: WeCom ≤30 days, DingTalk ≤7 days — rows of one claim are close in time; wider ones wait
      if (direction === "dingtalk_to_wecom") {
        const client = new WecomClient({ db, http: deps.http });
        const span = Math.min(to, from + 29 * 86_400_000);
        for (const rec of await wecomCheckinData(client, { userids: users, startTime: Math.floor(from / 1000), endTime: Math.floor(span / 1000) })) present.add(`${rec.userid}|${Number(rec.checkin_time)}`);
      } else {
        const client = new DingtalkClient({ db, http: deps.http });
        const span = Math.min(to, from + 7 * 86_400_000 - 1000);
        for (const rec of await dingtalkPunchRecords(client, { userIds: users, fromMs: from, toMs: span })) present.add(`${rec.userId}|${Math.floor(Number(rec.userCheckTime) / 1000)}`);
      }
    }
  } catch (e) {
    // cannot read now: unknown again, checked on a later tick
    await settle(db, rows.map((r) => r.id), { status: "unknown", nextAttemptAt: new Date(now.getTime() + 60_000), lastError: `read-back failed: ${(e as Error).message}`.slice(0, 300) });
    return 0;
  }
  const arrived = withUser.filter((r) => r.targetUserId && present.has(`${r.targetUserId}|${Math.floor(r.punchedAt.getTime() / 1000)}`));
  const missing = withUser.filter((r) => !arrived.includes(r));
  await settle(db, arrived.map((r) => r.id), { status: "sent", sentAt: new Date(), lastError: null });
  await settle(db, missing.map((r) => r.id), { status: "pending", nextAttemptAt: now, lastError: "not found at the target after a call without an answer; sending again" });
  return arrived.length;
}
