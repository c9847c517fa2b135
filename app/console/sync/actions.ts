"use server";
// Dead letters (retry / skip) and on-demand reconciliation. Admin only; every action is audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { writeAudit } from "@/lib/audit";
import { forbidden } from "@/lib/errors";
import { retryDeadLetter, skipDeadLetter } from "@/lib/oa-sync/dead-letters";
import { runReconcile } from "@/lib/reconcile/run";

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

const reconcileInput = z.object({
  source: z.enum(["tencent_meeting", "zoom"]),
  days: z.coerce.number().int().min(1).max(31).default(1),
});

export const reconcileNowAction = viewerAction(reconcileInput, "/console/sync", async (db, viewer, input) => {
  if (!viewer.roles.has("admin")) throw forbidden();
  await writeAudit(db, viewer, "reconcile.run", { type: "sync_source", id: input.source }, { days: input.days });
  const run = await runReconcile(db, { source: input.source, days: input.days });
  revalidatePath("/console/sync");
  return run.status === "failed" ? `/console/sync?error=failed&run=${run.id}` : `/console/sync?done=reconciled&added=${run.added}`;
});
