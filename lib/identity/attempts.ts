// Sign-in attempts by reference id: what a refused user quotes to HR ("QD-7K3M-9XPA"). HR and admins only.
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";

export const referenceId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^QD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

export async function findAttempt(db: Db, viewer: Viewer, reference: string) {
  if (!canSeeEveryone(viewer)) throw forbidden("sign-in attempts are for HR and admins");
  const ref = referenceId.safeParse(reference);
  if (!ref.success) return null;
  const [row] = await db
    .select({
      reference: loginAttempts.reference,
      provider: loginAttempts.provider,
      flow: loginAttempts.flow,
      outcome: loginAttempts.outcome,
      reason: loginAttempts.reason,
      externalId: loginAttempts.externalId,
      employeeId: loginAttempts.employeeId,
      conflictId: loginAttempts.conflictId,
      createdAt: loginAttempts.createdAt,
    })
    .from(loginAttempts)
    .where(eq(loginAttempts.reference, ref.data));
  return row ?? null;
}
