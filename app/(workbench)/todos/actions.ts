"use server";
// 批量同意: the chosen simple items of 待我处理, each through the one decision path (lib/approvals/batch.ts), then back
// to the list with every item's result in the address (?batch=<id>.<result>,…) for the page to report. A plain form
// post (checkboxes named "item"): it works before any JavaScript has loaded.
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { batchAgree } from "@/lib/approvals/batch";
import { clientOf } from "@/lib/approvals/decide";
import { MAX_BATCH_AGREE } from "@/lib/approvals/queries";
import { requireViewer } from "@/lib/auth/session";
import { ID_PATTERN } from "@/lib/validation";

const batchInput = z.object({
  items: z.array(z.string().regex(ID_PATTERN).transform(Number)).min(1).max(MAX_BATCH_AGREE),
  source: z.enum(["oa", "app", "wecom", "dingtalk"]).optional(),
});

// Several values under one name ("item"), so not the viewerAction wrapper (it reads one value per field); the same
// steps: a viewer first, zod on the form, a typed refusal per item, a redirect back.
export async function batchAgreeAction(form: FormData): Promise<void> {
  const viewer = await requireViewer();
  const parsed = form instanceof FormData ? batchInput.safeParse({ items: form.getAll("item"), source: form.get("source") || undefined }) : null;
  const back = parsed?.success && parsed.data.source ? `/todos?source=${parsed.data.source}` : "/todos";
  if (!parsed?.success) redirect(`${back}${back.includes("?") ? "&" : "?"}error=${form instanceof FormData && form.getAll("item").length === 0 ? "none_chosen" : "bad_request"}`);
  const results = await batchAgree(await getDb(), viewer, parsed.data.items, clientOf((await headers()).get("user-agent")));
  revalidatePath("/todos");
  redirect(`${back}${back.includes("?") ? "&" : "?"}batch=${results.map((r) => `${r.itemId}.${r.result}`).join(",")}`);
}
