// Sync health per sink: backlog, oldest undelivered age (lag), delivery rate, failures by reason, dead letters.
// The lag alert goes to admins through the notification outbox (one per sink per hour) and to the log.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employeesWithRole } from "@/lib/auth/grants";
import type { Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { log } from "@/lib/observability/log";
import { rowsOf } from "./dispatcher";

export interface SinkHealth {
  sink: string;
  backlog: number;
  dead: number;
  delivered: number;
  oldestUndeliveredAgeSeconds: number | null;
  deliveredLast5Min: number;
  ratePerMinute: number;
  failuresByReason: { reason: string; count: number }[];
  /** Set while the receiver asked us to wait (429 Retry-After): no instance sends before then. */
  pausedUntil: string | null;
}

/** Health for every sink that has rows, plus the configured one. Internal: callers check the viewer. */
export async function oaSinkHealth(db: Db): Promise<SinkHealth[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT sink,
             count(*) FILTER (WHERE status = 'pending')::int AS backlog,
             count(*) FILTER (WHERE status = 'dead')::int AS dead,
             count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
             extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending'))::float8 AS oldest_age,
             count(*) FILTER (WHERE status = 'delivered' AND delivered_at > now() - interval '5 minutes')::int AS recent
        FROM oa_outbox GROUP BY sink ORDER BY sink`),
  );
  const pausedUntil = new Map(
    rowsOf<{ sink: string; until: string }>(await db.execute(sql`SELECT sink, paused_until AS until FROM oa_sink_pauses WHERE paused_until > now()`)).map(
      (p) => [p.sink, new Date(p.until).toISOString()],
    ),
  );
  const reasons = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT sink, failure_reason AS reason, count(*)::int AS n
        FROM oa_outbox
       WHERE failure_reason IS NOT NULL AND (status <> 'delivered' OR delivered_at > now() - interval '24 hours')
       GROUP BY sink, failure_reason ORDER BY n DESC`),
  );
  return rows.map((r) => ({
    sink: String(r.sink),
    backlog: Number(r.backlog),
    dead: Number(r.dead),
    delivered: Number(r.delivered),
    oldestUndeliveredAgeSeconds: r.oldest_age === null ? null : Math.max(0, Math.round(Number(r.oldest_age))),
    deliveredLast5Min: Number(r.recent),
    ratePerMinute: Math.round((Number(r.recent) / 5) * 10) / 10,
    failuresByReason: reasons.filter((x) => x.sink === r.sink).map((x) => ({ reason: String(x.reason), count: Number(x.n) })),
    pausedUntil: pausedUntil.get(String(r.sink)) ?? null,
  }));
}

/** The console's read: admins and HR only. */
export async function getSyncHealth(db: Db, viewer: Viewer): Promise<SinkHealth[]> {
  if (!viewer.roles.has("admin") && !viewer.roles.has("hr")) throw forbidden();
  return oaSinkHealth(db);
}

/** Admins (granted admin, or in or under a department granted admin) with the chat channel to reach them on. */
export async function adminRecipients(db: Db): Promise<{ employeeId: number; channel: "wecom" | "dingtalk" }[]> {
  const ids = await employeesWithRole(db, "admin");
  if (ids.length === 0) return [];
  // Which chat an admin is reached on: the identity domain has no exported reader for that yet, so read it here.
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT e.id AS employee_id,
             coalesce((SELECT i.provider FROM identities i WHERE i.employee_id = e.id AND i.provider IN ('wecom','dingtalk')
                        ORDER BY i.provider DESC LIMIT 1), 'wecom') AS channel
        FROM unnest(${sql.raw(`ARRAY[${ids.join(",")}]::bigint[]`)}) AS e(id)`),
  );
  return rows.map((r) => ({ employeeId: Number(r.employee_id), channel: r.channel === "dingtalk" ? "dingtalk" : "wecom" }));
}

/**
 * When the oldest undelivered row of `sink` is older than `thresholdSeconds`: a warn log line and a chat alert
 * to each admin (dedupe key per sink per hour, so a long outage alerts hourly, not every tick).
 */
export async function checkOaLag(db: Db, sink: string, thresholdSeconds: number, now = new Date()): Promise<{ lagging: boolean; ageSeconds: number | null; alerted: number }> {
  const h = (await oaSinkHealth(db)).find((x) => x.sink === sink);
  const age = h?.oldestUndeliveredAgeSeconds ?? null;
  if (age === null || age < thresholdSeconds) return { lagging: false, ageSeconds: age, alerted: 0 };
  log.warn({ sink, lagSeconds: age, backlog: h?.backlog, thresholdSeconds }, "oa sync lag above threshold");
  const hour = now.toISOString().slice(0, 13);
  let alerted = 0;
  for (const a of await adminRecipients(db)) {
    const sent = await enqueueNotification(db, {
      channel: a.channel,
      recipientEmployeeId: a.employeeId,
      kind: "oa_lag_alert",
      dedupeKey: `oa_lag_alert:${sink}:${hour}:${a.employeeId}`,
      payload: {
        title: "OA 同步延迟告警",
        description: `OA 同步（${sink}）最早一条未送达记录已等待 ${Math.round(age / 60)} 分钟，积压 ${h?.backlog ?? 0} 条。请在控制台“同步健康”查看原因。`,
        url: "/console/sync",
        buttonText: "查看同步健康",
      },
    });
    if (sent) alerted++;
  }
  return { lagging: true, ageSeconds: age, alerted };
}
