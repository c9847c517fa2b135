// The authorization matrix convention. Each area (e2e/authz/<area>.ts) exports
// - `routes: RouteRule[]`: every app/**/page.tsx (GET) and every exported method (GET/POST/PUT/PATCH/DELETE) of every
//   app/**/route.ts it owns, with what each role gets;
// - `actions?: ActionRule[]`: every exported server action (the exported async functions of each "use server" file),
//   invoked as Next's client does (POST to the page, `Next-Action: <id from the build's server-reference manifest>`,
//   the arguments encoded as React's encodeReply encodes them), with what each role gets.
// e2e/authz-matrix.spec.ts fails when a page, a route method or a server action on disk is listed by no area, and
// checks every rule for every role.
//
// Write rows send a VALID request (so the role check is what refuses, not validation). Rows run against a shared
// server: a write an allowed role may make is made harmless (an id that makes it a no-op — e.g. a dead letter that
// does not exist — or data nobody reads: a leave in 2001, a meeting in 2031 without invitees), and the note says so.

export const ROLES = ["anonymous", "employee", "manager", "otherManager", "organiser", "hr", "admin"] as const;
export type RoleKey = (typeof ROLES)[number];

/**
 * What a request came back as:
 * ok (2xx) · login (a redirect to /login) · unauthorized (401: an API without a session, or a failed vendor
 * signature) · forbidden (403, a redirect with notice=console_forbidden or error=forbidden, or a
 * page rendering data-testid="forbidden") · notfound (404, or error=not_found) · rejected (400/409/413/422 or
 * error=bad_request/conflict: bad input or failed signature, nothing written) · method (405) · redirect (any other
 * 3xx) · refused (redirect to /login/refused).
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

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteRule {
  /** The file on disk this rule covers, relative to the repository root, e.g. "app/console/people/[id]/page.tsx". */
  file: string;
  /** The request path (with a sample id for dynamic segments). */
  path: string | ((ctx: MatrixContext) => string);
  method?: Method;
  /** JSON body for non-GET requests (a string is sent as text/xml). A function gets the context (ids). */
  data?: unknown | ((ctx: MatrixContext) => unknown);
  /** multipart/form-data body instead of `data` (file uploads). */
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
  /** One outcome for every role, or per role. */
  expect: Outcome | Record<RoleKey, Outcome>;
  note?: string;
}

export interface ActionRule {
  /** "<file>#<exported name>", e.g. "app/console/sync/actions.ts#reconcileNowAction". */
  action: string;
  /** The page whose form calls the action: the request is posted there, as Next's client does. */
  page: string;
  /** For actions that take a FormData (viewerAction and plain form actions): its fields. */
  form?: Record<string, string | string[]> | ((ctx: MatrixContext, role: RoleKey) => Record<string, string | string[]>);
  /** For actions called with values: the arguments (a FormData argument is written as `{ $form: {...fields} }`). */
  args?: unknown[] | ((ctx: MatrixContext, role: RoleKey) => unknown[]);
  /**
   * For actions that answer with a value instead of redirecting: the outcome read from the RSC reply body (the
   * default treats a reply without redirect as "ok").
   */
  result?: (body: string) => Outcome;
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
  organiser: o,
  hr: o,
  admin: o,
});
/**
 * Per role. `organiser` (the seed's organiser of sample meeting 1: a leader of 技术中心's D120, so also a manager of
 * another subtree than `manager`'s) defaults to `manager`'s outcome; rules where organising meeting 1 matters give it.
 */
export const byRole = (r: Omit<Record<RoleKey, Outcome>, "organiser"> & { organiser?: Outcome }): Record<RoleKey, Outcome> => ({
  ...r,
  organiser: r.organiser ?? r.manager,
});
