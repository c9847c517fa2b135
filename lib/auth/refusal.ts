// Why a sign-in was refused. Each reason has its own message (messages/*/auth.json → auth.refused.<reason>).
export const REFUSAL_REASONS = [
  "state_mismatch", // tampered or missing state (CSRF)
  "code_reused", // a code we already redeemed
  "code_invalid", // expired or unknown code (the vendor refused it)
  "unknown_user", // vendor account matches no employee
  "not_member", // not a member of this organisation at the vendor
  "departed", // matched employee has left
  "ambiguous", // a key points at two people (e.g. a mobile shared by two employees): HR decides
  "rejected", // HR rejected this vendor account
  "vendor_unavailable", // vendor down or answered nonsense: our side, retry later
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export class LoginRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "LoginRefusal";
  }
}

export function isRefusalReason(v: unknown): v is RefusalReason {
  return typeof v === "string" && (REFUSAL_REASONS as readonly string[]).includes(v);
}
