"use server";
// HR leave entry: employee search (scoped) and entering a leave, answering which meetings' statuses changed.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { enterLeave, searchEmployees } from "@/lib/meetings/leave-queries";
import { leaveInput } from "@/lib/meetings/schemas";
import { consoleScope } from "@/lib/ui/console-access";
import { findNul, NUL_MESSAGE } from "@/lib/validation";
import type { EmployeeOption, EnterLeaveResult } from "@/components/meetings-ui/types";

export async function searchEmployeesAction(q: unknown): Promise<EmployeeOption[]> {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return [];
  const parsed = z.string().trim().min(1).max(40).refine((s) => findNul(s) === null).safeParse(q);
  if (!parsed.success) return [];
  return searchEmployees(await getDb(), viewer, parsed.data);
}

const leaveForm = leaveInput; // the same rules as POST /api/meetings/leaves

export async function enterLeaveAction(raw: unknown): Promise<EnterLeaveResult> {
  const viewer = await requireViewer();
  if (findNul(raw) !== null) return { ok: false, message: NUL_MESSAGE };
  const parsed = leaveForm.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }; // as the API words it
  try {
    const r = await enterLeave(await getDb(), viewer, parsed.data);
    revalidatePath("/console/leaves");
    return { ok: true, id: r.id, effects: r.effects.map((e) => ({ ...e, startsAt: e.startsAt.toISOString() })) };
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return { ok: false, message: e.message };
    throw e;
  }
}
