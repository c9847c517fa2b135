// Held org snapshots (lib/org/guard.ts) for HR: the pending list with the people it would remove, and the two
// decisions. Confirming applies the stored snapshot as the sync would have; both decisions are audited.
import "server-only";
import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orgSyncHolds, syncRuns } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { assertOrgAdmin } from "./queries";
import type { Snapshot } from "./snapshot";
import { applySnapshot, type ApplyCounts } from "./sync";

export async function listPendingHolds(db: Db, viewer: Viewer) {
  assertOrgAdmin(viewer);
  return db
    .select({
      id: orgSyncHolds.id,
      source: orgSyncHolds.source,
      syncRunId: orgSyncHolds.syncRunId,
      removals: orgSyncHolds.removals,
      activeBefore: orgSyncHolds.activeBefore,
      createdAt: orgSyncHolds.createdAt,
    })
    .from(orgSyncHolds)
    .where(eq(orgSyncHolds.status, "pending"))
    .orderBy(desc(orgSyncHolds.createdAt));
}

async function pendingHold(db: Db, id: number) {
  const [hold] = await db.select().from(orgSyncHolds).where(eq(orgSyncHolds.id, id));
  if (!hold) throw notFound("no such held sync");
  if (hold.status !== "pending") throw new AppError("conflict", 409, `this held sync was already ${hold.status}`);
  return hold;
}

/** HR confirms: apply the held snapshot (departures included) unless a newer full sync of that vendor ran since. */
export async function confirmHold(db: Db, viewer: Viewer, id: number): Promise<ApplyCounts> {
  assertOrgAdmin(viewer);
  const hold = await pendingHold(db, id);
  const [newer] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.source, hold.source), eq(syncRuns.kind, "org_full"), gt(syncRuns.id, hold.syncRunId)))
    .limit(1);
  if (newer) throw new AppError("conflict", 409, "a newer sync of this vendor ran since; run it again instead");
  const counts = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // claim the hold first, so two HR clicks apply it once
    const claimed = await t
      .update(orgSyncHolds)
      .set({ status: "applied", decidedAt: new Date(), decidedBy: viewer.employeeId })
      .where(and(eq(orgSyncHolds.id, id), eq(orgSyncHolds.status, "pending")))
      .returning({ id: orgSyncHolds.id });
    if (claimed.length === 0) throw new AppError("conflict", 409, "this held sync was already decided");
    const c = await applySnapshot(t, hold.snapshot as unknown as Snapshot, new Date());
    await t
      .update(syncRuns)
      .set({ status: c.errors.length ? "partial" : "succeeded", removed: c.removed, errorCount: c.errors.length, errors: c.errors.slice(0, 100) })
      .where(eq(syncRuns.id, hold.syncRunId));
    return c;
  });
  await writeAudit(db, viewer, "org.sync.hold.confirmed", { type: "org_sync_hold", id }, { source: hold.source, departed: counts.details.employeesDeparted, listed: hold.removals.length });
  log.info({ holdId: id, source: hold.source, departed: counts.details.employeesDeparted }, "held org sync confirmed by HR and applied");
  return counts;
}

/** HR discards: nothing of the held snapshot is applied (its run stays failed with the reason). */
export async function discardHold(db: Db, viewer: Viewer, id: number): Promise<void> {
  assertOrgAdmin(viewer);
  const hold = await pendingHold(db, id);
  const done = await db
    .update(orgSyncHolds)
    .set({ status: "discarded", decidedAt: new Date(), decidedBy: viewer.employeeId })
    .where(and(eq(orgSyncHolds.id, id), eq(orgSyncHolds.status, "pending")))
    .returning({ id: orgSyncHolds.id });
  if (done.length === 0) throw new AppError("conflict", 409, "this held sync was already decided");
  await db
    .update(syncRuns)
    .set({ status: "failed", errorCount: 1, errors: ["held snapshot discarded by HR"] })
    .where(eq(syncRuns.id, hold.syncRunId));
  await writeAudit(db, viewer, "org.sync.hold.discarded", { type: "org_sync_hold", id }, { source: hold.source, listed: hold.removals.length });
}
