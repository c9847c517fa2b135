// The simulator's side of JS-SDK configuration: recompute a page's signature with the ticket it issued, as the
// vendor's servers do when the client runs wx.config / wx.agentConfig / dd.config (40093 on mismatch).
import { z } from "zod";
import { wecomConfig } from "@/lib/vendors/config";
import { jsapiSignature } from "@/lib/vendors/jssdk";
import { ticketFor } from "./state";

export const verifyInput = z.object({
  kind: z.enum(["config", "agentConfig", "dd.config"]),
  url: z.string().min(1).max(4096),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string().min(1).max(64),
  signature: z.string().regex(/^[0-9a-f]{40}$/),
});

export function verifySignature(input: z.infer<typeof verifyInput>): boolean {
  const key = input.kind === "config" ? "wecom:corp" : input.kind === "agentConfig" ? `wecom:agent:${wecomConfig().agentId}` : "dingtalk:jsapi";
  const { ticket } = ticketFor(key);
  return jsapiSignature({ ticket, nonceStr: input.nonceStr, timestamp: input.timestamp, url: input.url.split("#")[0] }) === input.signature;
}
