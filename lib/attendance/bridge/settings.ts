// The DingTalk ↔ WeCom bridge's one setting (app_settings "attendance_bridge"): which way punches flow, and from
// which day. Read by every punch write that stores a vendor punch (lib/attendance/punches/store.ts); changed by an
// admin on /console/attendance/bridge, audited, and turning a direction on queues the punches already stored since
// `from` in the same transaction.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";
import type { BridgeDirection } from "@/db/schema/attendance-bridge";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { badRequest, forbidden } from "@/lib/errors";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { env, vendorEnabled } from "@/lib/env";
import { enqueueBackfill } from "./enqueue";

export const BRIDGE_SETTING_KEY = "attendance_bridge";
export const BRIDGE_MODES = ["off", "dingtalk_to_wecom", "wecom_to_dingtalk", "both"] as const;
export type BridgeMode = (typeof BRIDGE_MODES)[number];
/** How far back a newly enabled bridge copies: DingTalk takes uploads ≤180 days old; a month keeps a switch-on cheap. */
export const BRIDGE_MAX_BACKFILL_DAYS = 31;

export interface BridgeSettings {
  mode: BridgeMode;
  /** first business date (org time zone) whose punches are bridged */
  from: string;
}

export const bridgeSettingsBody = z
  .object({
    mode: z.enum(BRIDGE_MODES, { message: `mode must be one of ${BRIDGE_MODES.join(", ")}` }),
    from: z.iso.date({ message: "from must be a date YYYY-MM-DD" }),
  })
  .strict();

export function parseBridgeSettings(raw: unknown): BridgeSettings {
  const r = bridgeSettingsBody.safeParse(raw);
  return r.success ? r.data : { mode: "off", from: "1970-01-01" };
}

export async function bridgeSettings(db: Db): Promise<BridgeSettings> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, BRIDGE_SETTING_KEY));
  return parseBridgeSettings(row?.value);
}

export function directionsOf(mode: BridgeMode): BridgeDirection[] {
  if (mode === "both") return ["dingtalk_to_wecom", "wecom_to_dingtalk"];
  return mode === "off" ? [] : [mode];
}

export function assertCanSeeBridge(viewer: Viewer): void {
  if (!viewer.roles.has("admin") && !viewer.roles.has("hr")) throw forbidden("the attendance bridge is for admins and HR");
}

/**
 * An admin sets the direction. `from` must lie within the last BRIDGE_MAX_BACKFILL_DAYS days (or later). Newly
 * enabled directions queue the punches stored since `from`; the same values again write nothing.
 */
export async function setBridgeSettings(
  db: Db,
  viewer: Viewer,
  input: z.infer<typeof bridgeSettingsBody>,
  now = new Date(),
): Promise<{ settings: BridgeSettings; changed: boolean; queued: number }> {
  if (!viewer.roles.has("admin")) throw forbidden("only an admin changes the attendance bridge");
  if (input.mode !== "off" && !(vendorEnabled("wecom") && vendorEnabled("dingtalk"))) {
    throw badRequest("the bridge needs both DingTalk and WeCom connected (WECOM_* and DINGTALK_* settings)", { fields: ["mode"] });
  }
  const tz = env().ORG_TIMEZONE;
  const earliest = addDays(businessDate(now, tz), -(BRIDGE_MAX_BACKFILL_DAYS - 1));
  if (input.from < earliest) throw badRequest(`from must be ${earliest} or later (at most ${BRIDGE_MAX_BACKFILL_DAYS} days back)`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${BRIDGE_SETTING_KEY}))`);
    const before = await bridgeSettings(tx);
    const after: BridgeSettings = { mode: input.mode, from: input.from };
    if (before.mode === after.mode && before.from === after.from) return { settings: before, changed: false, queued: 0 };
    await tx
      .insert(appSettings)
      .values({ key: BRIDGE_SETTING_KEY, value: after })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: after, updatedAt: sql`now()` } });
    const was = new Set(before.mode === "off" ? [] : directionsOf(before.mode));
    let queued = 0;
    for (const d of directionsOf(after.mode)) {
      // a direction newly on, or an earlier start: the stored punches since `from` (the unique key skips repeats)
      if (!was.has(d) || after.from < before.from) queued += await enqueueBackfill(tx, d, zonedTimeToUtc(after.from, "00:00", tz));
    }
    await writeAudit(tx, viewer, "attendance.bridge.settings", { type: "app_setting", id: BRIDGE_SETTING_KEY }, { from: before, to: after, queued });
    return { settings: after, changed: true, queued };
  });
}
