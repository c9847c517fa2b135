// The app-wide 审批超时 settings (app_settings "approval_timeout"): the StepTimeout an overdue OA item follows (the OA
// sets the deadline, due_at; our flows carry their own per step) and the quiet hours of every 催办 and escalation.
// Anything missing or malformed falls back to the defaults, field by field.
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";
import type { StepTimeout } from "@/db/schema/approval-flows";
import { MAX_REMINDERS, MAX_TIMEOUT_HOURS, type QuietHours } from "./schedule";

export const APPROVAL_TIMEOUT_KEY = "approval_timeout";

export interface ApprovalTimeoutSettings extends QuietHours {
  /** How an overdue OA item is chased (null: not at all). Never decided automatically: the OA owns its items. */
  oa: Omit<StepTimeout, "autoAction"> | null;
}

export const DEFAULT_APPROVAL_TIMEOUT: ApprovalTimeoutSettings = {
  oa: { hours: 24, remindMax: 2, escalateTo: ["hr"] },
  quietStart: "22:00",
  quietEnd: "08:00",
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const stepTimeoutSchema = z.strictObject({
  hours: z.number().positive().max(MAX_TIMEOUT_HOURS),
  remindMax: z.number().int().min(0).max(MAX_REMINDERS),
  escalateTo: z.array(z.enum(["leader", "hr"])).max(2),
  autoAction: z.enum(["agree", "refuse"]).optional(),
});
const oaTimeout = stepTimeoutSchema.omit({ autoAction: true });

export function parseApprovalTimeoutSettings(raw: unknown): ApprovalTimeoutSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_APPROVAL_TIMEOUT;
  const oa = r.oa === null ? null : (oaTimeout.safeParse(r.oa).data ?? d.oa);
  return { oa, quietStart: hhmm.safeParse(r.quietStart).data ?? d.quietStart, quietEnd: hhmm.safeParse(r.quietEnd).data ?? d.quietEnd };
}

export async function approvalTimeoutSettings(db: Db): Promise<ApprovalTimeoutSettings> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, APPROVAL_TIMEOUT_KEY));
  return parseApprovalTimeoutSettings(row?.value);
}
