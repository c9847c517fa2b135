// The org's overtime calculation mode (app_settings "attendance_overtime_mode", DingTalk's three modes; see
// db/schema/overtime.ts): read by every recompute, set by HR on /console/approval-rules. Missing or malformed → punches.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, OVERTIME_MODES } from "@/db/schema";
import type { OvertimeMode } from "./engine";

export const OVERTIME_MODE_KEY = "attendance_overtime_mode";

export function parseOvertimeMode(raw: unknown): OvertimeMode {
  const mode = raw && typeof raw === "object" ? (raw as { mode?: unknown }).mode : undefined;
  return (OVERTIME_MODES as readonly unknown[]).includes(mode) ? (mode as OvertimeMode) : "punches";
}

export async function overtimeMode(db: Db): Promise<OvertimeMode> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, OVERTIME_MODE_KEY));
  return parseOvertimeMode(row?.value);
}
