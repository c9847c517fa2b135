// A sink delivers claimed outbox rows to the OA and says, per row, what happened.
export type FailureReason =
  | "connection"
  | "timeout"
  | "http_5xx"
  | "http_408"
  | "http_429"
  | "http_4xx"
  | "oa_schema"
  | "oa_auth"
  | "invalid_payload"
  | "horizon";

export interface OutboxItem {
  id: number;
  aggregateType: string;
  aggregateId: string;
  version: number;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

export type DeliveryOutcome =
  /**
   * `answer`: what the receiver said about the record when it says more than "applied" — today only
   * "already_decided" (an approval decision the OA had already taken in its own workflow; nothing applied).
   */
  | { kind: "delivered"; statusCode?: number; answer?: "already_decided" }
  /** Try again later; `retryAfterMs` when the receiver said when (429 Retry-After). */
  | { kind: "retry"; reason: FailureReason; error: string; statusCode?: number; retryAfterMs?: number }
  /** Will never succeed as is: dead letter, visible in the console with the reason. */
  | { kind: "dead"; reason: FailureReason; error: string; statusCode?: number };

export interface OaSinkDriver {
  name: "none" | "postgres" | "http";
  deliver(items: OutboxItem[]): Promise<Map<number, DeliveryOutcome>>;
  /** > 0 while the receiver asked us to wait (429 Retry-After): the dispatcher claims nothing until then. */
  pausedForMs?(): number;
  close?(): Promise<void>;
}

export const noneSink: OaSinkDriver = {
  name: "none",
  async deliver(items) {
    return new Map(items.map((i) => [i.id, { kind: "delivered" } as const]));
  },
};
