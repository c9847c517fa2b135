"use server";
// HR decisions on the identity conflict queue (audited in lib/identity/conflicts).
import { revalidatePath } from "next/cache";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { employees } from "@/db/schema";
import { viewerAction } from "@/lib/auth/action";
import { linkConflict, rejectConflict } from "@/lib/identity/conflicts";
import { notFound } from "@/lib/errors";

const linkForm = z.object({
  conflictId: z.coerce.number().int().positive(),
  employeeId: z.coerce.number().int().positive().optional(),
  employeeNo: z.string().trim().max(64).optional(),
});

export const linkAction = viewerAction(linkForm, "/console/identity", async (db, viewer, input) => {
  let employeeId = input.employeeId;
  if (!employeeId && input.employeeNo) {
    const [e] = await db.select({ id: employees.id }).from(employees).where(and(eq(employees.employeeNo, input.employeeNo)));
    if (!e) throw notFound("no employee with that number");
    employeeId = e.id;
  }
  if (!employeeId) throw notFound("choose an employee");
  await linkConflict(db, viewer, { conflictId: input.conflictId, employeeId });
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
