// Inbox handlers of native approvals (the one write path: callback → inbox row → here):
// - "wecom:sys_approval_change" (ApprovalInfo.SpNo), "dingtalk:bpms_instance_change" / "dingtalk:bpms_task_change"
//   (processInstanceId): the event says "this instance changed"; the instance is read from the vendor's detail API
//   (oa/getapprovaldetail; GET /v1.0/workflow/processInstances) and mirrored (mirror.ts). Reading the detail rather
//   than trusting the event's fields makes a late or repeated event harmless: whatever order they arrive in, the
//   newest snapshot wins and the same one twice changes nothing.
// - "<vendor>:native_approval_pull": the same, for an id the reconciliation listed (reconcile.ts).
// The handler runs in the worker's transaction, so the vendor read happens under the inbox row's lock (seconds at
// most); a vendor failure throws and the inbox retries with backoff.
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { EventHandler, HandlerResult } from "@/lib/ingest/types";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { getProcessInstance } from "@/lib/vendors/dingtalk/workflow";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { getApprovalDetail } from "@/lib/vendors/wecom/approval";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { mirrorNativeSnapshot } from "./mirror";
import { dingtalkSnapshot, wecomSnapshot, type NativeSnapshot, type NativeVendor } from "./snapshot";

export const NATIVE_PULL_EVENT = "native_approval_pull";

/** The vendor's current state of one instance, normalised. */
export async function readNativeInstance(db: Db, vendor: NativeVendor, instanceId: string, processCode = ""): Promise<NativeSnapshot> {
  if (vendor === "wecom") return wecomSnapshot(await getApprovalDetail(wecomClient(db), instanceId));
  return dingtalkSnapshot(instanceId, processCode, await getProcessInstance(dingtalkClient(db), instanceId));
}

export async function syncNativeInstance(db: Db, vendor: NativeVendor, instanceId: string, processCode = ""): Promise<HandlerResult> {
  const snap = await readNativeInstance(db, vendor, instanceId, processCode);
  const r = await mirrorNativeSnapshot(db, snap);
  if (r.result === "unknown_employee") {
    const corpId = vendor === "wecom" ? wecomConfig().corpId : dingtalkConfig().corpId;
    return { outcome: "parked", reason: `native approval ${instanceId}: applicant ${vendor}:${r.userId} is not in the identity ledger (kept; reconciliation mirrors it once linked)`, parkKey: `${vendor}:${corpId}:${r.userId}` };
  }
  if (r.result !== "applied") return { outcome: "ignored", reason: `${r.result} snapshot of ${vendor} approval ${instanceId}` };
  return { outcome: "handled", effects: { kind: "native_approval", vendor, instanceId, itemId: r.itemId, state: r.state, effect: r.effect, version: snap.version } };
}

const str = z.union([z.string(), z.number()]).transform(String);
const dingtalkPayload = z.looseObject({ processInstanceId: str.pipe(z.string().min(1).max(128)), processCode: str.optional() });
const wecomPayload = z.looseObject({ ApprovalInfo: z.looseObject({ SpNo: str.pipe(z.string().min(1).max(64)) }) });
const pullPayload = z.object({ instanceId: z.string().min(1).max(128), processCode: z.string().max(128).optional() });

const dingtalkEvent: EventHandler = async ({ db, event }) => {
  const p = dingtalkPayload.safeParse(event.payload);
  if (!p.success) return { outcome: "ignored", reason: "bpms event without processInstanceId" };
  return syncNativeInstance(db, "dingtalk", p.data.processInstanceId, p.data.processCode ?? "");
};
const wecomEvent: EventHandler = async ({ db, event }) => {
  const p = wecomPayload.safeParse(event.payload);
  if (!p.success) return { outcome: "ignored", reason: "sys_approval_change without ApprovalInfo/SpNo" };
  return syncNativeInstance(db, "wecom", p.data.ApprovalInfo.SpNo);
};
const pull =
  (vendor: NativeVendor): EventHandler =>
  async ({ db, event }) => {
    const p = pullPayload.parse(event.payload);
    return syncNativeInstance(db, vendor, p.instanceId, p.processCode ?? "");
  };

export const nativeApprovalEventHandlers: Record<string, EventHandler> = {
  "wecom:sys_approval_change": wecomEvent,
  "dingtalk:bpms_instance_change": dingtalkEvent,
  "dingtalk:bpms_task_change": dingtalkEvent,
  [`wecom:${NATIVE_PULL_EVENT}`]: pull("wecom"),
  [`dingtalk:${NATIVE_PULL_EVENT}`]: pull("dingtalk"),
};
