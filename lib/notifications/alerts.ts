// Admin alerts about the vendors themselves, through the same outbox and recipients as the OA lag alert.
import "server-only";
import { and, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { identities } from "@/db/schema";
import { employeesWithRole } from "@/lib/auth/grants";
import { log } from "@/lib/observability/log";
import type { VendorError } from "@/lib/vendors/http";
import { enqueueNotification } from "./outbox";

/** Admins and the chat to reach each on: not the vendor whose quota is gone when they have another. */
async function adminChannels(db: Db, avoid: "wecom" | "dingtalk"): Promise<{ employeeId: number; channel: "wecom" | "dingtalk" }[]> {
  const ids = await employeesWithRole(db, "admin");
  if (ids.length === 0) return [];
  const rows = await db
    .select({ e: identities.employeeId, p: identities.provider })
    .from(identities)
    .where(and(inArray(identities.employeeId, ids), inArray(identities.provider, ["wecom", "dingtalk"])));
  return ids.map((id) => {
    const has = new Set(rows.filter((r) => r.e === id).map((r) => r.p));
    const other = avoid === "dingtalk" ? "wecom" : "dingtalk";
    return { employeeId: id, channel: has.has(other) || !has.has(avoid) ? other : avoid };
  });
}

/**
 * DingTalk's monthly quota is exhausted: one alert per admin per quota month (the dedupe key carries the reset
 * time, so every instance and every failing call enqueue it once). Returns how many were newly queued.
 */
export async function alertQuotaExhausted(db: Db, err: VendorError): Promise<number> {
  const until = err.retryAt ?? new Date();
  log.error({ vendor: err.vendor, api: err.api, until: until.toISOString() }, "vendor monthly quota exhausted: admins alerted");
  const resetDay = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" }).format(until);
  let queued = 0;
  for (const a of await adminChannels(db, err.vendor)) {
    const ok = await enqueueNotification(db, {
      channel: a.channel,
      recipientEmployeeId: a.employeeId,
      kind: "vendor_quota_alert",
      dedupeKey: `vendor_quota_alert:${err.vendor}:${until.toISOString()}:${a.employeeId}`,
      payload: {
        title: "钉钉接口调用量已用完",
        description: `本月钉钉开放平台的接口调用次数已达上限（错误码 ${String(err.code ?? 90020)}），计量接口（如工作通知）将暂停到 ${resetDay} 配额重置；通讯录同步与登录不受影响。如需提前恢复，请升级钉钉专业版。`,
        url: "/console/notifications",
        buttonText: "查看推送状态",
      },
    });
    if (ok) queued++;
  }
  return queued;
}

export function isQuotaError(e: unknown): e is VendorError {
  return !!e && typeof e === "object" && (e as { name?: string }).name === "VendorError" && (e as VendorError).kind === "quota_exhausted";
}

export function isUnknownOutcome(e: unknown): boolean {
  const k = (e as VendorError | undefined)?.kind;
  return (e as { name?: string } | undefined)?.name === "VendorError" && (k === "unknown_outcome" || k === "timeout" || k === "network");
}
