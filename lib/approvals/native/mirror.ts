// Mirror one snapshot of a native WeCom / DingTalk approval into approval_items (source = the vendor), under the
// mirror row's lock: an older snapshot never overwrites a newer one and a redelivery changes nothing (snapshot.ts
// ordering). People go through the identity ledger (the configured corp's vendor ids → active employees); ids not
// in it are kept in unknown_user_ids, and an instance whose applicant is unknown is kept without an item (state
// unknown_employee) until reconciliation finds the link. Approved leave / overtime / 补卡 apply once; a revoke after
// that undoes them (effects.ts). Every change is in approval_events: submit, update (with tasks decided in the vendor),
// cancel.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems, approvalNativeInstances, employees, identities, type NativeTask } from "@/db/schema";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { applyNativeEffect, reverseNativeEffect } from "./effects";
import { compareSnapshot, type NativeSnapshot, type NativeVendor } from "./snapshot";

export const NATIVE_CLIENT: Record<NativeVendor, string> = { wecom: "WeCom 审批", dingtalk: "DingTalk 审批" };

export type MirrorResult =
  | { result: "applied"; itemId: number; state: NativeSnapshot["state"]; effect: "applied" | "reversed" | null }
  | { result: "duplicate" | "stale" }
  | { result: "unknown_employee"; userId: string };

/** Vendor user ids → active employees of our org, through the identity ledger of the configured corp. */
export async function employeesOfVendorUsers(db: Db, vendor: NativeVendor, userIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(userIds.filter(Boolean))];
  if (!ids.length) return new Map();
  const corpId = vendor === "wecom" ? wecomConfig().corpId : dingtalkConfig().corpId;
  const rows = await db
    .select({ externalId: identities.externalId, employeeId: identities.employeeId })
    .from(identities)
    .innerJoin(employees, eq(employees.id, identities.employeeId))
    .where(and(eq(identities.provider, vendor), eq(identities.corpId, corpId), eq(employees.status, "active"), inArray(identities.externalId, ids)));
  return new Map(rows.map((r) => [r.externalId, Number(r.employeeId)]));
}

const ITEM_STATUS = { running: "open", agree: "decided", refuse: "decided", revoked: "cancelled", deleted: "cancelled" } as const;

/** Tasks finished since the snapshot we held (decided in the vendor's own app, or by a peer in 或签). */
function newlyFinished(before: NativeTask[], after: NativeTask[]): NativeTask[] {
  const was = new Map(before.map((t) => [`${t.taskId ?? ""}|${t.userId}`, t.status]));
  return after.filter((t) => t.status !== "RUNNING" && t.status !== "NEW" && was.get(`${t.taskId ?? ""}|${t.userId}`) !== t.status && (was.has(`${t.taskId ?? ""}|${t.userId}`) || t.result));
}

export async function mirrorNativeSnapshot(db: Db, snap: NativeSnapshot, now = new Date()): Promise<MirrorResult> {
  const [held] = await db
    .select()
    .from(approvalNativeInstances)
    .where(and(eq(approvalNativeInstances.vendor, snap.vendor), eq(approvalNativeInstances.instanceId, snap.instanceId)))
    .for("update");
  const verdict = compareSnapshot(held ? { version: Number(held.vendorVersion), rank: held.stateRank } : null, snap);
  // A held instance still without its item (unknown applicant) is looked at again: the ledger may know them now.
  if (verdict !== "newer" && !(held && held.itemId === null && verdict === "duplicate")) return { result: verdict === "stale" ? "stale" : "duplicate" };

  const people = await employeesOfVendorUsers(db, snap.vendor, [snap.applicantUserId, ...snap.tasks.map((t) => t.userId)]);
  const unknown = [...new Set([snap.applicantUserId, ...snap.tasks.map((t) => t.userId)].filter((u) => !people.has(u)))];
  const applicantId = people.get(snap.applicantUserId) ?? null;
  const mirror = {
    vendorVersion: snap.version,
    stateRank: snap.rank,
    state: snap.state,
    kind: snap.form.kind,
    processCode: snap.processCode,
    title: snap.title,
    applicantUserId: snap.applicantUserId,
    applicantId,
    unknownUserIds: unknown,
    tasks: snap.tasks,
    form: snap.form as unknown as Record<string, unknown>,
    updatedAt: now,
  };

  if (applicantId === null) {
    if (held) await db.update(approvalNativeInstances).set(mirror).where(eq(approvalNativeInstances.id, held.id));
    else await db.insert(approvalNativeInstances).values({ vendor: snap.vendor, instanceId: snap.instanceId, ...mirror });
    return { result: "unknown_employee", userId: snap.applicantUserId };
  }

  const running = snap.tasks.filter((t) => t.status === "RUNNING").map((t) => people.get(t.userId)).filter((x): x is number => x !== undefined);
  const everyone = [...new Set(snap.tasks.map((t) => people.get(t.userId)).filter((x): x is number => x !== undefined))];
  const status = ITEM_STATUS[snap.state];
  const values = {
    title: snap.title,
    applicantId,
    // open: who may decide now; closed: everyone who was asked (they keep seeing it in 已处理)
    approverIds: status === "open" ? running : everyone,
    fields: snap.fields,
    link: snap.link,
    status,
    submittedAt: snap.submittedAt,
    updatedAt: now,
  };
  let itemId = held?.itemId ?? null;
  let version = 1;
  if (itemId === null) {
    const [created] = await db
      .insert(approvalItems)
      .values({ source: snap.vendor, externalId: snap.instanceId, version: 1, ...values })
      .onConflictDoUpdate({ target: [approvalItems.source, approvalItems.externalId], set: { ...values, version: sql`${approvalItems.version} + 1` } })
      .returning({ id: approvalItems.id, version: approvalItems.version });
    itemId = created.id;
    version = created.version;
  } else {
    const [u] = await db.update(approvalItems).set({ ...values, version: sql`${approvalItems.version} + 1` }).where(eq(approvalItems.id, itemId)).returning({ version: approvalItems.version });
    version = u?.version ?? 1;
  }

  const client = NATIVE_CLIENT[snap.vendor];
  const firstSeen = !held || held.itemId === null;
  const events: (typeof approvalEvents.$inferInsert)[] = [];
  if (firstSeen) events.push({ itemId, kind: "submit", actorId: applicantId, client, details: { version, vendorState: snap.state, instanceId: snap.instanceId } });
  for (const t of newlyFinished(held?.tasks ?? [], snap.tasks)) {
    const outcome = t.result === "AGREE" ? "agree" : t.result === "REFUSE" ? "refuse" : null;
    if (outcome) events.push({ itemId, kind: "decide", actorId: people.get(t.userId) ?? null, client, details: { outcome, in: snap.vendor, taskId: t.taskId, vendorUserId: t.userId } });
  }
  if (!firstSeen || snap.state !== "running") {
    events.push({ itemId, kind: status === "cancelled" ? "cancel" : "update", actorId: null, client, details: { version, vendorState: snap.state, ...(unknown.length ? { unknownUserIds: unknown } : {}) } });
  }
  await db.insert(approvalEvents).values(events);

  // Attendance: approved → apply once; revoked/deleted after it was applied → undo once.
  let effectAt = held?.effectsAppliedAt ?? null;
  let reversedAt = held?.effectsReversedAt ?? null;
  let effect = held?.effect ?? null;
  let did: "applied" | "reversed" | null = null;
  if (snap.state === "agree" && !effectAt) {
    effect = await applyNativeEffect(db, snap, applicantId, snap.form, now);
    effectAt = now;
    did = effect ? "applied" : null;
  } else if ((snap.state === "revoked" || snap.state === "deleted") && effectAt && !reversedAt && effect) {
    await reverseNativeEffect(db, effect, now);
    reversedAt = now;
    did = "reversed";
  }
  const row = { ...mirror, itemId, effect, effectsAppliedAt: effectAt, effectsReversedAt: reversedAt };
  if (held) await db.update(approvalNativeInstances).set(row).where(eq(approvalNativeInstances.id, held.id));
  else await db.insert(approvalNativeInstances).values({ vendor: snap.vendor, instanceId: snap.instanceId, ...row });
  return { result: "applied", itemId, state: snap.state, effect: did };
}
