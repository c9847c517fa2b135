// Dead letters of the OA outbox: list, retry (back to pending, due now) and skip (won't be sent), both audited.
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { oaOutbox } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { forbidden, notFound } from "@/lib/errors";

function requireAdmin(viewer: Viewer) {
  if (!viewer.roles.has("admin")) throw forbidden("only admins manage OA dead letters");
}

export async function listDeadLetters(db: Db, viewer: Viewer, args: { limit?: number } = {}) {
  if (!viewer.roles.has("admin") && !viewer.roles.has("hr")) throw forbidden();
  return db
    .select({
      id: oaOutbox.id,
      sink: oaOutbox.sink,
      idempotencyKey: oaOutbox.idempotencyKey,
      aggregateId: oaOutbox.aggregateId,
      version: oaOutbox.version,
      attempts: oaOutbox.attempts,
      failureReason: oaOutbox.failureReason,
      lastError: oaOutbox.lastError,
      lastStatusCode: oaOutbox.lastStatusCode,
      createdAt: oaOutbox.createdAt,
    })
    .from(oaOutbox)
    .where(eq(oaOutbox.status, "dead"))
    .orderBy(desc(oaOutbox.id))
    .limit(Math.min(args.limit ?? 100, 500));
}

export async function retryDeadLetter(db: Db, viewer: Viewer, id: number): Promise<"retried" | "superseded"> {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    // A newer version already reached the OA, or is on its way (pending — possibly in flight right now, where this
    // row, as the lowest pending version, would be claimed next to it and could land after it): sending this one
    // would be out of order, and the newer snapshot carries the record's whole state anyway, so it is superseded.
    const newer = await tx.execute(sql`
      SELECT 1 FROM oa_outbox d JOIN oa_outbox n ON n.sink = d.sink AND n.aggregate_type = d.aggregate_type
         AND n.aggregate_id = d.aggregate_id AND n.version > d.version AND n.status IN ('delivered', 'pending')
       WHERE d.id = ${id} AND d.status = 'dead' LIMIT 1`);
    if (((newer as { rows?: unknown[] }).rows ?? []).length > 0) {
      await tx.update(oaOutbox).set({ status: "superseded" }).where(and(eq(oaOutbox.id, id), eq(oaOutbox.status, "dead")));
      await writeAudit(tx as unknown as Db, viewer, "oa_outbox.retry_superseded", { type: "oa_outbox", id });
      return "superseded" as const;
    }
    const rows = await tx
      .update(oaOutbox)
      // a manual retry starts a fresh retry horizon
      .set({ status: "pending", nextAttemptAt: sql`now()`, attempts: 0, createdAt: sql`now()` })
      .where(and(eq(oaOutbox.id, id), eq(oaOutbox.status, "dead")))
      .returning({ id: oaOutbox.id, key: oaOutbox.idempotencyKey });
    if (rows.length === 0) throw notFound("no such dead letter");
    await writeAudit(tx as unknown as Db, viewer, "oa_outbox.retry", { type: "oa_outbox", id }, { key: rows[0].key });
    return "retried" as const;
  });
}

export async function skipDeadLetter(db: Db, viewer: Viewer, id: number): Promise<void> {
  requireAdmin(viewer);
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(oaOutbox)
      .set({ status: "skipped" })
      .where(and(eq(oaOutbox.id, id), inArray(oaOutbox.status, ["dead"])))
      .returning({ id: oaOutbox.id, key: oaOutbox.idempotencyKey });
    if (rows.length === 0) throw notFound("no such dead letter");
    await writeAudit(tx as unknown as Db, viewer, "oa_outbox.skip", { type: "oa_outbox", id }, { key: rows[0].key });
  });
}
