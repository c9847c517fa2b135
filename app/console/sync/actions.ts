"use server";
// Dead letters (retry / skip) and on-demand reconciliation. Admin only; every action is audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { writeAudit } from "@/lib/audit";
import { forbidden } from "@/lib/errors";
import { retryDeadLetter, skipDeadLetter } from "@/lib/oa-sync/dead-letters";
import { RECONCILE_SOURCES, runReconcile } from "@/lib/reconcile/run";
import { isoDate } from "@/lib/validation";

const idInput = z.object({ id: z.coerce.number().int().positive() });

export const retryDeadLetterAction = viewerAction(idInput, "/console/sync", async (db, viewer, { id }) => {
  const outcome = await retryDeadLetter(db, viewer, id);
  revalidatePath("/console/sync");
  return `/console/sync?done=${outcome}`;
});

export const skipDeadLetterAction = viewerAction(idInput, "/console/sync", async (db, viewer, { id }) => {
  await skipDeadLetter(db, viewer, id);
  revalidatePath("/console/sync");
  return "/console/sync?done=skipped";
});

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const reconcileInput = z.object({
  source: z.enum(RECONCILE_SOURCES),
  days: z.coerce.number().int().min(1).max(31).default(1),
  /** The last business day of the window (default today); with days=1, one day. */
  date: z.preprocess(blank, isoDate().optional()),
  /** One meeting instead of a window. */
  meetingId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
});

export const reconcileNowAction = viewerAction(reconcileInput, "/console/sync", async (db, viewer, input) => {
  if (!viewer.roles.has("admin")) throw forbidden();
  const scope = input.meetingId ? { meetingId: input.meetingId } : { days: input.days, date: input.date ?? null };
  await writeAudit(db, viewer, "reconcile.run", { type: "sync_source", id: input.source }, scope);
  const run = await runReconcile(db, input.meetingId ? { source: input.source, meetingId: input.meetingId } : { source: input.source, days: input.days, date: input.date });
  revalidatePath("/console/sync");
  return run.status === "failed" ? `/console/sync?error=failed&run=${run.id}` : `/console/sync?done=reconciled&added=${run.added}`;
});
