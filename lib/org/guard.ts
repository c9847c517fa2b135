// The shrink guard of the full org sync (issue 10 item 3). A vendor answer that looks like success but lists
// nobody (a visibility change, a half-read directory) would otherwise mark the whole company departed. A snapshot
// that would mark MORE than ORG_SYNC_SHRINK_MAX_PERCENT % of the people linked to that vendor departed, OR more
// than ORG_SYNC_SHRINK_MAX_PEOPLE people (either threshold; defaults 5 % and 20), is not applied: it is stored
// in org_sync_holds with the list of people, and HR confirms or discards it on /console/org.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, identities, orgSyncHolds } from "@/db/schema";
import { env } from "@/lib/env";
import type { Snapshot } from "./snapshot";

export interface ShrinkLimits {
  maxPercent: number;
  maxPeople: number;
}

export function shrinkLimits(): ShrinkLimits {
  const e = env();
  return { maxPercent: e.ORG_SYNC_SHRINK_MAX_PERCENT, maxPeople: e.ORG_SYNC_SHRINK_MAX_PEOPLE };
}

/** True when `removed` of `before` people is more than either limit. */
export function exceedsShrink(removed: number, before: number, limits: ShrinkLimits): boolean {
  if (removed === 0) return false;
  return removed > limits.maxPeople || removed * 100 > limits.maxPercent * before;
}

export type Removal = { employeeId: number; employeeNo: string; name: string };

/** Thrown inside the apply transaction to roll it back; carries what HR will see. */
export class ShrinkHeld extends Error {
  constructor(
    readonly removals: Removal[],
    readonly activeBefore: number,
  ) {
    super(`org sync held: ${removals.length} of ${activeBefore} people would be marked departed`);
    this.name = "ShrinkHeld";
  }
}

/** Active employees linked to this vendor's directory: the base of the share. */
export async function activeLinkedCount(db: Db, source: "wecom" | "dingtalk", corpId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(DISTINCT ${employees.id})::int` })
    .from(employees)
    .innerJoin(identities, eq(identities.employeeId, employees.id))
    .where(and(eq(identities.provider, source), eq(identities.corpId, corpId), eq(employees.status, "active")));
  return Number(r?.n ?? 0);
}

export async function describeRemovals(db: Db, ids: number[]): Promise<Removal[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ employeeId: employees.id, employeeNo: employees.employeeNo, name: employees.name })
    .from(employees)
    .where(inArray(employees.id, [...new Set(ids)]))
    .orderBy(employees.employeeNo);
  return rows;
}

/** Store the held snapshot; older pending holds of this vendor are superseded by it. */
export async function holdSnapshot(db: Db, runId: number, snap: Snapshot, held: ShrinkHeld, _limits: ShrinkLimits): Promise<number> {
  return db.transaction(async (tx) => {
    await tx
      .update(orgSyncHolds)
      .set({ status: "superseded", decidedAt: new Date() })
      .where(and(eq(orgSyncHolds.source, snap.source), eq(orgSyncHolds.status, "pending")));
    const [row] = await tx
      .insert(orgSyncHolds)
      .values({
        source: snap.source,
        corpId: snap.corpId,
        syncRunId: runId,
        snapshot: snap as unknown as Record<string, unknown>,
        removals: held.removals,
        activeBefore: held.activeBefore,
      })
      .returning({ id: orgSyncHolds.id });
    return row.id;
  });
}
