// Entry points for org sync: pick the vendor client, read its directory, apply it. Used by the nightly job,
// the console's "立即同步" action, the bench and tests.
import "server-only";
import type { Db } from "@/db/client";
import { vendorEnabled, vendorMode } from "@/lib/env";
import { DingtalkClient } from "@/lib/vendors/dingtalk/client";
import type { HttpPolicy } from "@/lib/vendors/http";
import { WecomClient } from "@/lib/vendors/wecom/client";
import { dingtalkSnapshot, wecomSnapshot } from "./snapshot";
import { runFullSync, type OrgSource, type SyncRunResult } from "./sync";

export async function syncOrganisation(db: Db, source: OrgSource, opts: { http?: Partial<HttpPolicy> } = {}): Promise<SyncRunResult> {
  // A disabled vendor has only the simulator's public credentials: never send them to the real vendor.
  if (!vendorEnabled(source)) throw new Error(`org sync: ${source} is not enabled in this deployment`);
  if (source === "wecom") {
    const client = new WecomClient({ db, http: opts.http });
    return runFullSync(db, "wecom", client.config.corpId, () => wecomSnapshot(client));
  }
  const client = new DingtalkClient({ db, http: opts.http });
  return runFullSync(db, "dingtalk", client.config.corpId, (onProgress) => dingtalkSnapshot(client, 1, onProgress));
}

/**
 * Which vendors the nightly sync reads: those with real credentials; in full simulator mode, WeCom only
 * (both simulated directories describe the same demo company, so one is enough for the demo).
 */
export function orgSyncSources(): OrgSource[] {
  const real = (["wecom", "dingtalk"] as const).filter((v) => vendorMode(v) === "real");
  return real.length ? [...real] : ["wecom"];
}
