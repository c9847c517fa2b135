// The inbox's own handlers (not a domain's): protocol handshakes and app messages.
import { type EventHandler, pureHandler } from "./types";

const handshake = pureHandler(async () => ({ outcome: "ignored", reason: "URL-verification handshake" }));

/**
 * A member's text message to the app. We keep no content (personal data) — the effect is the receipt record
 * (inbox_effects row written by the worker), which is also what the exactly-once tests count.
 */
const textMessage = pureHandler(async ({ event }) => {
  const p = event.payload as Record<string, unknown>;
  const content = typeof p.Content === "string" ? p.Content : "";
  return { outcome: "handled", effects: { kind: "message_received", from: String(p.FromUserName ?? ""), chars: content.length } };
});

export const ingestEventHandlers: Record<string, EventHandler> = {
  "dingtalk:check_url": handshake,
  "dingtalk:check_create_suite_url": handshake,
  "wecom:msg.text": textMessage,
};
