// The ack path shared by the callback routes: verified event → inbox (one INSERT) → wake the worker → ack.
import { getDb } from "@/db/client";
import { CallbackRejected } from "./http";
import { storeInboxEvent, type VerifiedEvent } from "./store";
import { wakeInbox } from "./worker";

export async function persistVerified(event: VerifiedEvent): Promise<"stored" | "duplicate"> {
  // PostgreSQL text/jsonb cannot hold NUL: refuse it as the client's mistake instead of failing the INSERT (5xx).
  if (event.raw.includes("\u0000") || JSON.stringify(event.payload).includes("\\u0000")) {
    throw new CallbackRejected(400, "NUL characters are not accepted");
  }
  const db = await getDb();
  const r = await storeInboxEvent(db, event);
  if (!r.duplicate) wakeInbox();
  return r.duplicate ? "duplicate" : "stored";
}
