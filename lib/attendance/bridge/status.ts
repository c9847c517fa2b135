// What the bridge console page shows, and the lag alert: per direction the queue by state, the lag (age of the
// oldest row still waiting), sends in the last hour, the echoes held back, and the latest failures with reasons.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { BRIDGE_DIRECTIONS, type BridgeDirection } from "@/db/schema/attendance-bridge";
import type { Viewer } from "@/lib/auth/viewer";
import { vendorEnabled } from "@/lib/env";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { log } from "@/lib/observability/log";
import { adminRecipients } from "@/lib/oa-sync/health";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { assertCanSeeBridge, bridgeSettings, directionsOf, type BridgeSettings } from "./settings";

/** Alert when the oldest waiting row is older than this (an hour's outage of a vendor is worth a message). */
export const BRIDGE_LAG_ALERT_SECONDS = 15 * 60;

export interface BridgeDirectionStatus {
  direction: BridgeDirection;
  enabled: boolean;
  counts: { pending: number; sending: number; unknown: number; sent: number; failed: number; dead: number };
  lagSeconds: number | null;
  sentLastHour: number;
  lastSentAt: string | null;
  failures: { punchId: number; employeeId: number; employeeName: string | null; punchedAt: string; status: string; attempts: number; error: string | null }[];
}

export interface BridgeStatus {
  settings: BridgeSettings;
  vendorsConfigured: { wecom: boolean; dingtalk: boolean };
  directions: BridgeDirectionStatus[];
  lagAlertSeconds: number;
}

export async function bridgeStatus(db: Db, viewer: Viewer, now = new Date()): Promise<BridgeStatus> {
  assertCanSeeBridge(viewer);
  const settings = await bridgeSettings(db);
  const on = new Set(directionsOf(settings.mode));
  const agg = rowsOf<{ direction: BridgeDirection; status: string; n: number; oldest: string | null; last_sent: string | null; hour: number }>(
    await db.execute(sql`
      SELECT direction, status, count(*)::int AS n, min(created_at) AS oldest, max(sent_at) AS last_sent,
             count(*) FILTER (WHERE sent_at > ${now.toISOString()}::timestamptz - interval '1 hour')::int AS hour
        FROM attendance_bridge GROUP BY direction, status`),
  );
  const failures = rowsOf<{ direction: BridgeDirection; punch_id: number; employee_id: number; name: string | null; punched_at: string; status: string; attempts: number; last_error: string | null }>(
    await db.execute(sql`
      SELECT b.direction, b.punch_id, b.employee_id, e.name, b.punched_at, b.status, b.attempts, b.last_error
        FROM attendance_bridge b LEFT JOIN employees e ON e.id = b.employee_id
       WHERE b.status IN ('failed', 'dead', 'unknown')
       ORDER BY b.id DESC LIMIT 40`),
  );
  return {
    settings,
    vendorsConfigured: { wecom: vendorEnabled("wecom"), dingtalk: vendorEnabled("dingtalk") },
    lagAlertSeconds: BRIDGE_LAG_ALERT_SECONDS,
    directions: BRIDGE_DIRECTIONS.map((direction) => {
      const mine = agg.filter((a) => a.direction === direction);
      const n = (s: string) => mine.find((a) => a.status === s)?.n ?? 0;
      const waiting = mine.filter((a) => a.status !== "sent" && a.status !== "dead" && a.oldest).map((a) => Date.parse(String(a.oldest)));
      const lastSent = mine.find((a) => a.status === "sent")?.last_sent ?? null;
      return {
        direction,
        enabled: on.has(direction),
        counts: { pending: n("pending"), sending: n("sending"), unknown: n("unknown"), sent: n("sent"), failed: n("failed"), dead: n("dead") },
        lagSeconds: waiting.length ? Math.max(0, Math.round((now.getTime() - Math.min(...waiting)) / 1000)) : null,
        sentLastHour: mine.find((a) => a.status === "sent")?.hour ?? 0,
        lastSentAt: lastSent ? new Date(lastSent).toISOString() : null,
        failures: failures
          .filter((f) => f.direction === direction)
          .map((f) => ({ punchId: Number(f.punch_id), employeeId: Number(f.employee_id), employeeName: f.name, punchedAt: new Date(f.punched_at).toISOString(), status: f.status, attempts: f.attempts, error: f.last_error })),
      };
    }),
  };
}

/**
 * The alert: when a switched-on direction's oldest waiting row is older than the threshold, a warn log line and a
 * chat message to each admin, at most once per direction per hour (dedupe key).
 */
export async function checkBridgeLag(db: Db, now = new Date(), thresholdSeconds = BRIDGE_LAG_ALERT_SECONDS): Promise<{ direction: BridgeDirection; lagSeconds: number; alerted: number }[]> {
  const on = directionsOf((await bridgeSettings(db)).mode);
  if (!on.length) return [];
  const rows = rowsOf<{ direction: BridgeDirection; oldest: string; backlog: number }>(
    await db.execute(sql`
      SELECT direction, min(created_at) AS oldest, count(*)::int AS backlog FROM attendance_bridge
       WHERE status IN ('pending', 'sending', 'unknown', 'failed') GROUP BY direction`),
  );
  const out: { direction: BridgeDirection; lagSeconds: number; alerted: number }[] = [];
  const hour = now.toISOString().slice(0, 13);
  for (const r of rows) {
    if (!on.includes(r.direction)) continue;
    const lag = Math.round((now.getTime() - Date.parse(String(r.oldest))) / 1000);
    if (lag < thresholdSeconds) continue;
    log.warn({ direction: r.direction, lagSeconds: lag, backlog: r.backlog }, "attendance bridge behind");
    const label = r.direction === "dingtalk_to_wecom" ? "钉钉 → 企业微信" : "企业微信 → 钉钉";
    let alerted = 0;
    for (const a of await adminRecipients(db)) {
      const sent = await enqueueNotification(db, {
        channel: a.channel,
        recipientEmployeeId: a.employeeId,
        kind: "bridge_lag_alert",
        dedupeKey: `bridge_lag_alert:${r.direction}:${hour}:${a.employeeId}`,
        payload: {
          title: "考勤同步延迟告警",
          description: `考勤同步（${label}）最早一条待同步打卡已等待 ${Math.round(lag / 60)} 分钟，积压 ${r.backlog} 条。请在控制台“考勤互通”查看原因。`,
          url: "/console/attendance/bridge",
          buttonText: "查看考勤互通",
        },
      });
      if (sent) alerted++;
    }
    out.push({ direction: r.direction, lagSeconds: lag, alerted });
  }
  return out;
}
