// Typed errors that routes and actions turn into responses (STYLE habit 2).
import { log } from "@/lib/observability/log";

// `code` is stable and maps to a message key in the catalogue (errors.<code>); `status` is the HTTP status.

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  // sign-in refusals (identity ledger)
  | "login_state_mismatch"
  | "login_code_invalid"
  | "login_unknown_user"
  | "login_departed"
  | "login_ambiguous"
  // check-in refusals
  | "checkin_qr_expired"
  | "checkin_qr_invalid"
  | "checkin_outside_fence"
  | "checkin_location_unavailable"
  | "checkin_not_invited"
  | "checkin_already"
  | "checkin_window_closed"
  // check-out (签退) refusals
  | "checkout_not_required"
  | "checkout_not_checked_in"
  | "checkout_already"
  | "checkout_window_closed"
  | "checkout_qr_expired"
  | "checkout_qr_invalid"
  // in-app punch refusals (attendance)
  | "punch_outside_fence"
  | "punch_location_unavailable"
  | "punch_field_not_allowed"
  | "punch_no_group";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError("bad_request", 400, message, details);
export const unauthorized = (message = "sign-in required") => new AppError("unauthorized", 401, message);
export const forbidden = (message = "not allowed for this user") => new AppError("forbidden", 403, message);
export const notFound = (message = "not found") => new AppError("not_found", 404, message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError("conflict", 409, message, details);
export const unsupportedMediaType = (message = "request body must be application/json") => new AppError("unsupported_media_type", 415, message);

/** A zod validation failure, told by shape (importing zod here would put it in any client bundle that reaches this). */
function isZodError(e: unknown): e is Error & { issues: { path: PropertyKey[]; message: string }[] } {
  return e instanceof Error && e.name === "ZodError" && Array.isArray((e as { issues?: unknown }).issues);
}

/**
 * Turn any thrown value into a JSON response: AppErrors keep their status; a zod failure is the client's (400, the
 * fields named); anything else is our failure (500).
 */
export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    return Response.json({ error: e.code, message: e.message, ...e.details }, { status: e.status });
  }
  if (isZodError(e)) {
    return Response.json({ error: "bad_request", message: e.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  }
  const ref = crypto.randomUUID().slice(0, 8);
  // Only the message's first line: no request bodies, no personal data.
  log.error({ reference: ref, err: e instanceof Error ? e.message.split("\n")[0].slice(0, 200) : String(e).slice(0, 200) }, "unexpected error");
  return Response.json({ error: "internal", message: "internal error", reference: ref }, { status: 500 });
}
