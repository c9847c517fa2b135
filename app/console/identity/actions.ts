"use server";
// HR decisions on the identity conflict queue (audited in lib/identity/conflicts).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { linkConflict, rejectConflict } from "@/lib/identity/conflicts";

const linkForm = z.object({
  conflictId: z.coerce.number().int().positive(),
  employeeId: z.coerce.number().int().positive().optional(),
  employeeNo: z.string().trim().max(64).optional(),
});

export const linkAction = viewerAction(linkForm, "/console/identity", async (db, viewer, input) => {
  // The role is checked in linkConflict before the number is looked up: a non-HR caller gets "forbidden" for a real
  // and an invented employee number alike (no employee-number oracle).
  await linkConflict(db, viewer, { conflictId: input.conflictId, employeeId: input.employeeId, employeeNo: input.employeeNo || undefined });
  revalidatePath("/console/identity");
  return "/console/identity?done=linked";
});

export const rejectAction = viewerAction(
  z.object({ conflictId: z.coerce.number().int().positive(), note: z.string().max(500).optional() }),
  "/console/identity",
  async (db, viewer, input) => {
    await rejectConflict(db, viewer, input);
    revalidatePath("/console/identity");
    return "/console/identity?done=rejected";
  },
);
