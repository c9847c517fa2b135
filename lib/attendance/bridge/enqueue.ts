// Queueing punches for the DingTalk ↔ WeCom bridge, in the transaction that stored them (so none is missed and a
// crash between the punch and its queue row cannot happen). Only a vendor's own punches cross: a DingTalk punch
// goes to WeCom, a WeCom punch to DingTalk — never one we wrote into that vendor ourselves. That echo guard: a
// punch of the same person at the same second that the bridge already carried the other way is not queued.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { BridgeDirection } from "@/db/schema/attendance-bridge";
import { zonedTimeToUtc } from "@/lib/time";
import { env } from "@/lib/env";
import { bridgeSettings, directionsOf } from "./settings";

export const DIRECTION_OF_SOURCE: Record<string, BridgeDirection | undefined> = { dingtalk: "dingtalk_to_wecom", wecom: "wecom_to_dingtalk" };
const OPPOSITE: Record<BridgeDirection, BridgeDirection> = { dingtalk_to_wecom: "wecom_to_dingtalk", wecom_to_dingtalk: "dingtalk_to_wecom" };

const returned = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? (r as unknown[])).length;

/** The rows `INSERT … SELECT` queues: not yet queued this way, and not the echo of one carried the other way. */
const insertFrom = (direction: BridgeDirection, source: ReturnType<typeof sql>) => sql`
  INSERT INTO attendance_bridge (direction, punch_id, employee_id, punched_at)
  SELECT ${direction}, p.id, p.employee_id, date_trunc('second', p.punched_at)
    FROM (${source}) AS p
   WHERE NOT EXISTS (SELECT 1 FROM attendance_bridge b
                      WHERE b.employee_id = p.employee_id AND b.punched_at = date_trunc('second', p.punched_at)
                        AND b.direction = ${OPPOSITE[direction]})
  ON CONFLICT (direction, punch_id) DO NOTHING
  RETURNING id`;

/**
 * Called by the punch store for punches it has just inserted. Cheap when nothing crosses: no vendor punch in the
 * batch reads nothing; a bridge that is off costs one primary-key read. Returns how many rows were queued.
 */
export async function enqueueBridged(db: Db, rows: { id: number; source: string; punchedAt: Date }[]): Promise<number> {
  const vendorRows = rows.filter((r) => DIRECTION_OF_SOURCE[r.source]);
  if (!vendorRows.length) return 0;
  const s = await bridgeSettings(db);
  const on = new Set(directionsOf(s.mode));
  if (!on.size) return 0;
  const since = zonedTimeToUtc(s.from, "00:00", env().ORG_TIMEZONE);
  let queued = 0;
  for (const direction of on) {
    const ids = vendorRows.filter((r) => DIRECTION_OF_SOURCE[r.source] === direction && r.punchedAt >= since).map((r) => r.id);
    if (!ids.length) continue;
    const src = sql`SELECT id, employee_id, punched_at FROM punches WHERE id = ANY(${sql.raw(`ARRAY[${ids.map(Number).join(",")}]::bigint[]`)})`;
    const r = await db.execute(insertFrom(direction, src));
    queued += returned(r);
  }
  return queued;
}

/** A direction switched on: every stored, not vanished punch of its source since `since`. */
export async function enqueueBackfill(db: Db, direction: BridgeDirection, since: Date): Promise<number> {
  const source = direction === "dingtalk_to_wecom" ? "dingtalk" : "wecom";
  const src = sql`SELECT id, employee_id, punched_at FROM punches
                   WHERE source = ${source} AND punched_at >= ${since.toISOString()}::timestamptz AND change_state <> 'vanished'
                   ORDER BY punched_at, id`;
  const r = await db.execute(insertFrom(direction, src));
  return returned(r);
}
