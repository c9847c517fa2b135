// Boundaries of the approvals domain as zod schemas: the OA's push (POST /api/v1/approval-items), the pull resource
// (GET /api/v1/approvals) and the phone's decision (POST /api/approvals/[id]/decision). What we validate is what
// the OpenAPI document shows.
import { z } from "zod";

export const MAX_APPROVAL_BATCH = 200;

const text = (max: number) => z.string().min(1).max(max).regex(/^\S(.*\S)?$/s, "must not start or end with whitespace");
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .meta({ description: "http(s) URL" });

export const approvalItemPush = z.strictObject({
  id: text(128).meta({ description: "The OA's id of this approval todo; updates and cancellation use the same id." }),
  version: z.number().int().min(1).max(2_147_483_647).meta({ description: "The OA's version of the item; only a higher version changes it." }),
  title: text(200),
  applicant_employee_no: text(64).meta({ description: "工号 of the person who applied." }),
  approver_employee_nos: z.array(text(64)).min(1).max(50).meta({ description: "工号 of the people who may decide it now." }),
  fields: z
    .array(z.strictObject({ label: text(100), value: z.string().max(4000) }))
    .max(100)
    .meta({ description: "The form as label/value pairs, in display order." }),
  attachments: z.array(z.strictObject({ name: text(200), url: httpUrl })).max(50).optional(),
  link: httpUrl.meta({ description: "The item in the OA (opened from the app for anything the form does not show)." }),
  due_at: z.iso
    .datetime({ offset: true })
    .refine((v) => Date.parse(v) >= Date.parse("2000-01-01T00:00:00Z") && Date.parse(v) < Date.parse("3000-01-01T00:00:00Z"), "must be between 2000-01-01 and 2999-12-31")
    .optional().meta({ description: "When a decision is due (RFC 3339 with offset); overdue items are listed first." }),
  status: z.enum(["open", "cancelled"]).optional().meta({ description: "Default open; cancelled withdraws the todo (same id, higher version)." }),
});
export type ApprovalItemPush = z.infer<typeof approvalItemPush>;

export const approvalItemsRequest = z.strictObject({
  items: z.array(z.unknown()).min(1).max(MAX_APPROVAL_BATCH).meta({ description: `1–${MAX_APPROVAL_BATCH} items.` }),
});

export const PUSH_RESULTS = ["accepted", "duplicate", "stale", "unknown_employee", "invalid"] as const;
export type PushResultStatus = (typeof PUSH_RESULTS)[number];

export const approvalItemResult = z
  .object({
    id: z.string().nullable(),
    version: z.number().int().nullable(),
    status: z.enum(PUSH_RESULTS),
    reason: z.string().optional(),
  })
  .meta({ id: "ApprovalItemResult" });
export type ApprovalItemResult = z.infer<typeof approvalItemResult>;

/** The request as documented (the route checks the list first, then each item, so one bad item is "invalid"). */
export const approvalItemsRequestDoc = z.strictObject({ items: z.array(approvalItemPush).min(1).max(MAX_APPROVAL_BATCH) });
export const approvalItemsResponse = z.object({ results: z.array(approvalItemResult) });

const ts = z.iso.datetime().meta({ description: "ISO 8601, UTC" });

export const approvalResource = z
  .object({
    id: z.number().int().meta({ description: "Our id (the item page is /todos/approvals/{id})" }),
    source: z.enum(["oa", "app", "wecom", "dingtalk"]).meta({ description: "oa: pushed by the OA · app: an application filed in this app (leave, 补卡) · wecom / dingtalk: a native approval of the vendor, mirrored" }),
    external_id: z.string().meta({ description: "The source's id (for the OA: the id it pushed)" }),
    version: z.number().int(),
    title: z.string(),
    kind: z.enum(["leave", "correction", "overtime", "meeting_excuse", "other"]).nullable().meta({ description: "What the application asks for: leave · correction (补卡) · overtime (加班) · meeting_excuse (会议请假) · other (a native approval of another kind); null for OA items" }),
    applicant_employee_no: z.string(),
    approver_employee_nos: z.array(z.string()),
    status: z.enum(["open", "decided", "cancelled", "decided_in_oa"]).meta({ description: "decided_in_oa: our write-back was answered \"already decided in the OA\"" }),
    due_at: ts.nullable(),
    submitted_at: ts,
    decision: z
      .object({
        outcome: z.enum(["agree", "refuse", "return"]),
        comment: z.string(),
        decider_employee_no: z.string(),
        decided_at: ts,
        client: z.string().meta({ description: "e.g. WeCom iOS, DingTalk Android, Browser" }),
        write_back: z.enum(["pending", "accepted", "already_decided", "failed", "skipped"]).meta({ description: "The OA's answer to our write-back; skipped when no OA sink is configured" }),
      })
      .nullable(),
    revoked_at: ts.nullable().meta({ description: "Our own applications: when the approved application was revoked (撤销) by its applicant or HR — its leave, 补卡 punch or overtime no longer counts; the decision stays. Null otherwise." }),
    updated_at: ts,
  })
  .meta({ id: "Approval" });
export type ApprovalResource = z.infer<typeof approvalResource>;

export const approvalsQuery = z.object({
  cursor: z.string().max(200).optional().meta({ description: "Opaque cursor from the previous page's next_cursor. Omit for the first page." }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: "Rows per page (1–500)." }),
  status: z.enum(["open", "decided", "cancelled", "decided_in_oa"]).optional(),
});

export const decisionRequest = z
  .strictObject({
    outcome: z.enum(["agree", "refuse", "return"]),
    comment: z.string().max(1000).default(""),
  })
  .refine((d) => d.outcome === "agree" || d.comment.trim().length > 0, { message: "a comment is required to refuse or return", path: ["comment"] });
export type DecisionRequest = z.infer<typeof decisionRequest>;
