"use server";
// "立即同步": queue a full org sync for one vendor (HR/admin only, audited). The job runs in a worker.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { writeAudit } from "@/lib/audit";
import { getBoss } from "@/lib/jobs/runtime";
import { ORG_SYNC_JOB } from "@/lib/org/jobs";
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
