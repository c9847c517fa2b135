"use server";
// HR's approval rules: 补卡 caps and the 审批超时 of the OA's items. Audited (lib/approvals/rules-settings).
import { revalidatePath } from "next/cache";
import { approvalTimeoutForm, correctionCapsForm, saveApprovalTimeout, saveCorrectionCaps } from "@/lib/approvals/rules-settings";
import { viewerAction } from "@/lib/auth/action";

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
