// Who can be reached where: each employee's WeCom userid and DingTalk userid/unionId in the identity ledger, for
// the configured corps. The chat channel follows the house rule (lib/attendance/board chatChannelsOf): WeCom when
// the person has a WeCom account, else DingTalk.
import "server-only";
import { and, inArray, or, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { identities } from "@/db/schema";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";

export interface VendorAccounts {
  wecom?: string;
  dingtalk?: { userId: string; unionId: string | null };
}

export async function vendorAccountsOf(db: Db, employeeIds: number[]): Promise<Map<number, VendorAccounts>> {
  const out = new Map<number, VendorAccounts>();
  if (!employeeIds.length) return out;
  const rows = await db
    .select({ employeeId: identities.employeeId, provider: identities.provider, externalId: identities.externalId, unionId: identities.unionId })
    .from(identities)
    .where(
      and(
        inArray(identities.employeeId, employeeIds),
        or(and(eq(identities.provider, "wecom"), eq(identities.corpId, wecomConfig().corpId)), and(eq(identities.provider, "dingtalk"), eq(identities.corpId, dingtalkConfig().corpId))),
      ),
    );
  for (const r of rows) {
    const a = out.get(r.employeeId) ?? {};
    if (r.provider === "wecom") a.wecom = r.externalId;
    else a.dingtalk = { userId: r.externalId, unionId: r.unionId };
    out.set(r.employeeId, a);
  }
  return out;
}

export function chatChannel(a: VendorAccounts | undefined): "wecom" | "dingtalk" | null {
  if (a?.wecom) return "wecom";
  if (a?.dingtalk) return "dingtalk";
  return null;
}

/** The employee behind a WeCom userid of our corp (a card click names its clicker this way). */
export async function employeeOfWecomUser(db: Db, userId: string): Promise<number | null> {
  const [r] = await db
    .select({ employeeId: identities.employeeId })
    .from(identities)
    .where(and(eq(identities.provider, "wecom"), eq(identities.corpId, wecomConfig().corpId), eq(identities.externalId, userId)));
  return r?.employeeId ?? null;
}
