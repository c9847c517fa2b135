"use server";
// Simulator: a member presses a card's callback button; WeCom delivers the template_card_event to our callback.
import { redirect } from "next/navigation";
import { z } from "zod";
import { appUrl, wecomSimulated } from "@/lib/env";
import { wecomConfig } from "@/lib/vendors/config";
import { deliverCardClick } from "@/lib/vendors/sim/wecom-cards";
import { formFields } from "@/lib/validation";

const input = z.object({ taskId: z.string().min(1).max(128), userid: z.string().min(1).max(64), key: z.string().min(1).max(128) });

export async function clickCardAction(form: FormData): Promise<void> {
  if (!wecomSimulated()) redirect("/sim");
  const parsed = input.safeParse(formFields(form));
  if (!parsed.success) redirect("/sim/wecom/cards?error=bad_request");
  const cfg = wecomConfig();
  const r = await deliverCardClick(parsed.data, { appUrl: appUrl(), token: cfg.callbackToken, aesKey: cfg.aesKey, corpId: cfg.corpId, agentId: cfg.agentId });
  const q = new URLSearchParams({ to: parsed.data.userid });
  // error=conflict (nothing happened) with the reason shown on the page
  if (!r.clicked || r.error) {
    q.set("error", "conflict");
    q.set("reason", r.error ?? "not delivered");
  }
  else q.set("status", String(r.statuses[0] ?? 0));
  redirect(`/sim/wecom/cards?${q}`);
}
