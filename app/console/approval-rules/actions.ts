"use server";
// HR's approval rules: 补卡 caps, the 审批超时 of the OA's items, the flows. Audited (lib/approvals/rules-settings,
// lib/approvals/flow-editor).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { flowForm, saveFlow } from "@/lib/approvals/flow-editor";
import { approvalTimeoutForm, correctionCapsForm, overtimeModeForm, saveApprovalTimeout, saveCorrectionCaps, saveOvertimeMode } from "@/lib/approvals/rules-settings";
import { viewerAction } from "@/lib/auth/action";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { findNul, formFields, parseId } from "@/lib/validation";

const PAGE = "/console/approval-rules";

export const saveCorrectionCapsAction = viewerAction(correctionCapsForm, PAGE, async (db, viewer, input) => {
  const r = await saveCorrectionCaps(db, viewer, input);
  revalidatePath(PAGE);
  return `${PAGE}?done=${r.changed ? "caps" : "unchanged"}`;
});

export const saveApprovalTimeoutAction = viewerAction(approvalTimeoutForm, PAGE, async (db, viewer, input) => {
  const r = await saveApprovalTimeout(db, viewer, input);
  revalidatePath(PAGE);
  return `${PAGE}?done=${r.changed ? "timeout" : "unchanged"}`;
});

export const saveOvertimeModeAction = viewerAction(overtimeModeForm, PAGE, async (db, viewer, input) => {
  const r = await saveOvertimeMode(db, viewer, input);
  revalidatePath(PAGE);
  return `${PAGE}?done=${r.changed ? "overtimeMode" : "unchanged"}`;
});

/**
 * Save a flow (create when no id). The editor's refusals name the field (lib/approvals/flow-editor): the reason is
 * carried back to the page in `reason`, so HR sees which row to fix.
 */
export async function saveFlowAction(form: FormData): Promise<void> {
  const viewer = await requireViewer();
  const fields = formFields(form);
  const rawId = typeof fields?.id === "string" ? fields.id : "";
  const id = rawId ? parseId(rawId) : null;
  const back = `${PAGE}/flows/${rawId || "new"}`;
  const parsed = fields !== null && findNul(fields) === null && (rawId === "" || id !== null) ? flowForm.safeParse(fields) : null;
  if (!parsed?.success) {
    const reason = parsed?.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "";
    return redirect(`${back}?error=bad_request&reason=${encodeURIComponent(reason.slice(0, 300))}`);
  }
  let saved: { id: number; created: boolean };
  try {
    saved = await saveFlow(await getDb(), viewer, id, parsed.data);
  } catch (e) {
    if (e instanceof AppError) redirect(`${back}?error=${e.code}&reason=${encodeURIComponent(e.message.slice(0, 300))}`);
    throw e;
  }
  revalidatePath(PAGE);
  redirect(`${PAGE}?done=${saved.created ? "flowCreated" : "flowSaved"}`);
}
