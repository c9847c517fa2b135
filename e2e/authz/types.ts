// The authorization matrix convention. Each area (e2e/authz/<area>.ts) exports `routes: RouteRule[]` listing
// every app/**/page.tsx and app/**/route.ts it owns and what each role gets. e2e/authz-matrix.spec.ts fails when
// a page or route file on disk is listed by no area, and checks every rule for every role.

export const ROLES = ["anonymous", "employee", "manager", "otherManager", "hr", "admin"] as const;
export type RoleKey = (typeof ROLES)[number];

/**
 * What a request came back as:
 * ok (2xx) · login (a redirect to /login) · unauthorized (401: an API without a session, or a failed vendor
 * signature) · forbidden (403, a redirect with notice=console_forbidden, or a
 * page rendering data-testid="forbidden") · notfound (404) · rejected (400/409/413/422: bad input or failed
 * signature, nothing written) · method (405) · redirect (any other 3xx) · refused (redirect to /login/refused).
 */
export type Outcome = "ok" | "login" | "unauthorized" | "forbidden" | "notfound" | "rejected" | "method" | "redirect" | "refused";

export interface MatrixContext {
  /** the app's origin under test (APP_URL), e.g. "http://localhost:3210" */
  origin: string;
  /** employee ids of the signed-in demo users (null for anonymous) */
  ids: Record<RoleKey, number | null>;
  /** employee ids of reference people: a report of `manager` (indirect: in a team below the department they lead) */
  managersReport: number;
}

export interface RouteRule {
  /** The file on disk this rule covers, relative to the repository root, e.g. "app/console/people/[id]/page.tsx". */
  file: string;
  /** The request path (with a sample id for dynamic segments). */
  path: string | ((ctx: MatrixContext) => string);
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** JSON body for non-GET requests (keep it harmless: rules run against a shared server). */
  data?: unknown;
  /** One outcome for every role, or per role. */
  expect: Outcome | Record<RoleKey, Outcome>;
  note?: string;
}

/** Helpers for the common shapes. */
export const everyone = (o: Outcome): Outcome => o;
export const signedIn = (o: Outcome, anonymous: Outcome = "login"): Record<RoleKey, Outcome> => ({
  anonymous,
  employee: o,
  manager: o,
  otherManager: o,
  hr: o,
  admin: o,
});
export const byRole = (r: Record<RoleKey, Outcome>) => r;
