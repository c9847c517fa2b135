// WeCom 审批 (wecom.md §5.1): list approval numbers in a window (oa/getapprovalinfo, string cursor new_cursor /
// new_next_cursor, span ≤ 31 days, size ≤ 100) and read one (oa/getapprovaldetail). WeCom has no API to agree or
// refuse an approval (attendance-approvals.md §3.2): approvers act in WeCom itself.
import "server-only";
import { z } from "zod";
import { vendorShape } from "@/lib/vendors/http";
import type { WecomClient } from "./client";

const userRef = z.looseObject({ userid: z.string() });
export const wecomApprovalDetail = z.looseObject({
  sp_no: z.string(),
  sp_name: z.string(),
  sp_status: z.number().int(),
  template_id: z.string().optional().default(""),
  apply_time: z.number(),
  applyer: z.looseObject({ userid: z.string(), partyid: z.string().optional() }),
  sp_record: z
    .array(
      z.looseObject({
        sp_status: z.number().int(),
        approverattr: z.number().int().optional(),
        details: z.array(z.looseObject({ approver: userRef, speech: z.string().optional().default(""), sp_status: z.number().int(), sptime: z.number().optional().default(0) })).default([]),
      }),
    )
    .default([]),
  notifyer: z.array(userRef).optional().default([]),
  apply_data: z.looseObject({ contents: z.array(z.looseObject({ control: z.string(), id: z.string().optional(), title: z.array(z.looseObject({ text: z.string() })).optional().default([]), value: z.record(z.string(), z.unknown()).optional().default({}) })).default([]) }).optional(),
  comments: z.array(z.looseObject({ commentUserInfo: userRef.optional(), commenttime: z.number().optional(), commentcontent: z.string().optional() })).optional().default([]),
});
export type WecomApprovalDetail = z.infer<typeof wecomApprovalDetail>;

export async function getApprovalDetail(client: WecomClient, spNo: string): Promise<WecomApprovalDetail> {
  const api = "/cgi-bin/oa/getapprovaldetail";
  return vendorShape("wecom", api, z.object({ info: wecomApprovalDetail }), await client.call(api, {}, { sp_no: spNo })).info;
}

/** One page of approval numbers applied in [starttime, endtime] (unix seconds); nextCursor null when done. */
export async function listApprovalNumbers(client: WecomClient, args: { starttime: number; endtime: number; cursor?: string; size?: number }): Promise<{ spNos: string[]; nextCursor: string | null }> {
  const api = "/cgi-bin/oa/getapprovalinfo";
  const r = vendorShape(
    "wecom",
    api,
    z.looseObject({ sp_no_list: z.array(z.string()).optional().default([]), new_next_cursor: z.string().optional().nullable() }),
    await client.call(api, {}, { starttime: String(args.starttime), endtime: String(args.endtime), new_cursor: args.cursor ?? "", size: args.size ?? 100 }),
  );
  return { spNos: r.sp_no_list, nextCursor: r.new_next_cursor ? r.new_next_cursor : null };
}
