// Simulator: native WeCom / DingTalk approvals as the vendor holds them (GET), and acts taken in the vendor's own app
// (POST): create an instance, agree / refuse a task, revoke. Each act pushes the vendor's signed events to our
// callback routes (unless deliver: false — a lost event, for reconciliation to find). lib/vendors/sim/native-approvals.ts.
import { z } from "zod";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import {
  actOnDingtalkTask,
  actOnWecomApproval,
  createDingtalkInstance,
  createWecomApproval,
  deliverNativeEvents,
  revokeDingtalkInstance,
  simNativeApprovals,
  type NativeEvent,
} from "@/lib/vendors/sim/native-approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const form = z.object({
  kind: z.enum(["leave", "overtime", "correction", "other"]),
  start: z.string().max(20).optional(),
  end: z.string().max(20).optional(),
  at: z.string().max(20).optional(),
  leaveType: z.string().max(20).optional(),
  reason: z.string().max(200).optional(),
});
const user = z.string().min(1).max(64);
const body = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), vendor: z.enum(["wecom", "dingtalk"]), applicant: user, approvers: z.array(user).min(1).max(5), form, title: z.string().max(60).optional(), deliver: z.boolean().default(true) }),
  z.object({ op: z.enum(["agree", "refuse"]), vendor: z.enum(["wecom", "dingtalk"]), id: z.string().min(1).max(64), userId: user, remark: z.string().max(200).optional(), deliver: z.boolean().default(true) }),
  z.object({ op: z.literal("revoke"), vendor: z.enum(["wecom", "dingtalk"]), id: z.string().min(1).max(64), deliver: z.boolean().default(true) }),
]);

export async function GET(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  return Response.json(simNativeApprovals());
}

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  const b = parsed.data;
  if (!simulatorActive(b.vendor)) return notFoundResponse();
  let id: string;
  let events: NativeEvent[];
  if (b.op === "create") {
    if (b.vendor === "dingtalk") {
      const c = createDingtalkInstance({ originator: b.applicant, approvers: b.approvers, form: b.form, title: b.title });
      [id, events] = [c.instance.id, c.events];
    } else {
      const c = createWecomApproval({ applyer: b.applicant, approvers: b.approvers, form: b.form, title: b.title });
      [id, events] = [c.approval.spNo, c.events];
    }
  } else {
    id = b.id;
    const r =
      b.op === "revoke"
        ? b.vendor === "dingtalk"
          ? revokeDingtalkInstance(b.id)
          : actOnWecomApproval(b.id, { op: "revoke" })
        : b.vendor === "dingtalk"
          ? actOnDingtalkTask(b.id, { userId: b.userId, result: b.op, remark: b.remark, via: "vendor" })
          : actOnWecomApproval(b.id, { op: b.op, userId: b.userId, speech: b.remark });
    if ("error" in r) return Response.json({ error: "conflict", message: r.error }, { status: 409 });
    events = r.events;
  }
  const statuses = b.deliver ? await deliverNativeEvents(events) : [];
  return Response.json({ id, events: events.length, delivered: statuses });
}
