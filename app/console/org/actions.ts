"use server";
// "立即同步": queue a full org sync for one vendor (HR/admin only, audited). The job runs in a worker.
// A held sync (too many departures at once): HR confirms or discards it.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { writeAudit } from "@/lib/audit";
import { getBoss } from "@/lib/jobs/runtime";
import { ORG_SYNC_JOB } from "@/lib/org/jobs";
import { confirmHold, discardHold } from "@/lib/org/holds";
import { assertOrgAdmin } from "@/lib/org/queries";

export const syncNowAction = viewerAction(z.object({ source: z.enum(["wecom", "dingtalk"]) }), "/console/org", async (db, viewer, input) => {
  assertOrgAdmin(viewer);
  const boss = await getBoss();
  // One queued sync per vendor at a time: a second click while one waits is absorbed.
  await boss.send(ORG_SYNC_JOB, { source: input.source }, { singletonKey: `org.sync:${input.source}`, retryLimit: 1 });
  await writeAudit(db, viewer, "org.sync.requested", { type: "org_sync", id: input.source });
  revalidatePath("/console/org");
  return `/console/org?done=queued&source=${input.source}`;
});

const holdInput = z.object({ holdId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** HR confirms a held sync: the snapshot (with its departures) is applied now. Audited in confirmHold. */
export const confirmHoldAction = viewerAction(holdInput, "/console/org", async (db, viewer, input) => {
  const c = await confirmHold(db, viewer, input.holdId);
  revalidatePath("/console/org");
  return `/console/org?done=confirmed&n=${c.details.employeesDeparted ?? 0}`;
});

/** HR discards a held sync: nothing of it is applied. Audited in discardHold. */
export const discardHoldAction = viewerAction(holdInput, "/console/org", async (db, viewer, input) => {
  await discardHold(db, viewer, input.holdId);
  revalidatePath("/console/org");
  return "/console/org?done=discarded";
});
