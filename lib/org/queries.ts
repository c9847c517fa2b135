// Read side of the 组织同步 console page. HR and admins only: the scope check is here, where data is read.
import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, identities, syncRuns } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";

export function assertOrgAdmin(viewer: Viewer): void {
  if (!canSeeEveryone(viewer)) throw forbidden("organisation sync is for HR and admins");
}

export async function listOrgSyncRuns(db: Db, viewer: Viewer, args: { limit?: number } = {}) {
  assertOrgAdmin(viewer);
  return db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.kind, "org_full"))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(Math.min(args.limit ?? 20, 100));
}

export async function orgCounts(db: Db, viewer: Viewer) {
  assertOrgAdmin(viewer);
  const [d] = await db.select({ n: sql<number>`count(*) filter (where status = 'active')::int` }).from(departments);
  const [e] = await db
    .select({
      active: sql<number>`count(*) filter (where status = 'active')::int`,
      departed: sql<number>`count(*) filter (where status = 'departed')::int`,
    })
    .from(employees);
  const ids = await db.select({ provider: identities.provider, n: sql<number>`count(*)::int` }).from(identities).groupBy(identities.provider);
  return {
    departments: Number(d.n),
    active: Number(e.active),
    departed: Number(e.departed),
    identities: Object.fromEntries(ids.map((r) => [r.provider, Number(r.n)])) as Record<string, number>,
  };
}
