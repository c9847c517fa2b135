// HTTP plumbing of our own applications (session): submit (POST /api/approvals/applications), the path before
// submit with the 补卡 allowance (GET …/preview), withdraw (POST /api/approvals/[id]/withdraw), 转交
// (POST /api/approvals/[id]/transfer), 撤销 after approval (POST /api/approvals/[id]/revoke), 外出代理 (GET/POST /api/approvals/delegations, POST …/[id]/end). Bad input → 400
// with the reasons; a business refusal (caps, no approver) → 422 with it; nothing written either way.
import "server-only";
import { getDb, type Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { findNul, NUL_MESSAGE, parseId } from "@/lib/validation";
import { clientOf } from "../decide";
import { jsonBody } from "../http";
import { correctionAllowance, type CorrectionAllowance } from "./correction-caps";
import { transferStep, withdrawApplication } from "./decide";
import { colleagueByNo, endDelegation, myDelegations, setDelegation } from "./delegates";
import type { PathStep } from "./path";
import { resolvePath } from "./resolve";
import { applicationRequest, delegationRequest, previewQuery, revokeRequest, transferRequest, type PreviewQuery } from "./schemas";
import { revokeApplication } from "./revoke";
import { namesOf } from "./state";
import { factsOf, meetingExcuseFacts, submitApplication } from "./submit";

interface Deps {
  db?: () => Promise<Db>;
  viewer?: () => Promise<Viewer>;
}
const viewerFrom = (deps: Deps) => deps.viewer ?? (async () => (await import("@/lib/auth/session")).requireApiViewer());
const NO_STORE = { "cache-control": "no-store" };

type Issue = { path: PropertyKey[]; message: string };
const reasons = (issues: Issue[]) => issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ");

/** The path as the phone shows it: steps with the people's names. */
export interface PathView {
  mode: PathStep["mode"];
  approvers: { id: number; name: string }[];
}
async function pathView(db: Db, steps: PathStep[]): Promise<PathView[]> {
  const names = await namesOf(db, [...new Set(steps.flatMap((s) => s.approverIds))]);
  return steps.map((s) => ({ mode: s.mode, approvers: s.approverIds.map((id) => ({ id, name: names.get(id) ?? "" })) }));
}

/** POST /api/approvals/applications: 201 with the new application and its path (200 when the request id was filed already). */
export function applicationsRoute(deps: Deps = {}) {
  return async function POST(req: Request): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const raw = await jsonBody(req, 16 * 1024);
      const nulAt = findNul(raw);
      if (nulAt !== null) throw badRequest(`${nulAt}: ${NUL_MESSAGE}`);
      const parsed = applicationRequest.safeParse(raw);
      if (!parsed.success) throw badRequest(reasons(parsed.error.issues));
      const db = await (deps.db ?? getDb)();
      const r = await submitApplication(db, viewer, parsed.data, clientOf(req.headers.get("user-agent")));
      return Response.json({ item_id: r.itemId, created: r.created, path: await pathView(db, r.path) }, { status: r.created ? 201 : 200, headers: NO_STORE });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export interface PreviewResponse {
  flow: string | null;
  path: PathView[];
  /** Why there is no path (no flow applies, nobody to ask): the form shows it and cannot submit. */
  problem: string | null;
  corrections: CorrectionAllowance | null;
  /** Why, as a code the form words itself (e.g. 会议请假: not_invited, too_late, already_pending). */
  problem_reason?: string;
}

/**
 * The approval path an application would take, resolved now, and for 补卡 the corrections left. The preview route
 * answers it as the form changes; the apply pages render the first one on the server, so the form paints whole.
 */
export async function previewApplication(db: Db, viewer: Pick<Viewer, "employeeId">, q: PreviewQuery): Promise<PreviewResponse> {
  const corrections = q.kind === "correction" ? await correctionAllowance(db, viewer.employeeId) : null;
  try {
    // 会议请假: the meeting must still be excusable; its refusal (400 with a reason) is shown like a missing path.
    const facts = q.kind === "meeting_excuse" ? (await meetingExcuseFacts(db, viewer.employeeId, q.meeting_id)).facts : factsOf(q);
    const r = await resolvePath(db, viewer.employeeId, q.kind, facts);
    return { flow: r.flow.name, path: await pathView(db, r.steps), problem: null, corrections };
  } catch (e) {
    if (!(e instanceof AppError) || !(e.status === 422 || (q.kind === "meeting_excuse" && e.status === 400))) throw e;
    return { flow: null, path: [], problem: e.message, corrections, ...(typeof e.details.reason === "string" ? { problem_reason: e.details.reason } : {}) };
  }
}

/** GET /api/approvals/applications/preview?kind=leave&leave_type=…&start_date=…&end_date=… | ?kind=correction | ?kind=meeting_excuse&meeting_id=… */
export function previewRoute(deps: Deps = {}) {
  return async function GET(req: Request): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const parsed = previewQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
      if (!parsed.success) throw badRequest(reasons(parsed.error.issues));
      const db = await (deps.db ?? getDb)();
      return Response.json(await previewApplication(db, viewer, parsed.data), { headers: NO_STORE });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** POST /api/approvals/[id]/withdraw: the applicant, before the first decision. */
export function withdrawRoute(deps: Deps = {}) {
  return async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const id = parseId((await ctx.params).id);
      if (id === null) throw badRequest("id: must be a positive whole number");
      const db = await (deps.db ?? getDb)();
      const r = await withdrawApplication(db, viewer, id, clientOf(req.headers.get("user-agent")));
      return Response.json({ item_id: r.itemId, status: r.status, withdrawn_at: r.at }, { headers: NO_STORE });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

async function parsedBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } }): Promise<T> {
  const raw = await jsonBody(req, 8 * 1024);
  const nulAt = findNul(raw);
  if (nulAt !== null) throw badRequest(`${nulAt}: ${NUL_MESSAGE}`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(reasons(parsed.error.issues));
  return parsed.data;
}

/** POST /api/approvals/[id]/transfer {to_employee_no, comment}: 转交 one's place on the active step. */
export function transferRoute(deps: Deps = {}) {
  return async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const id = parseId((await ctx.params).id);
      if (id === null) throw badRequest("id: must be a positive whole number");
      const body = await parsedBody(req, transferRequest);
      const db = await (deps.db ?? getDb)();
      const to = await colleagueByNo(db, body.to_employee_no, "to_employee_no");
      const r = await transferStep(db, viewer, id, to.id, body.comment, clientOf(req.headers.get("user-agent")));
      return Response.json({ item_id: r.itemId, step: r.stepIndex, transferred_to: { employee_no: to.employeeNo, name: to.name }, next_approver_ids: r.nextApproverIds }, { headers: NO_STORE });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** POST /api/approvals/[id]/revoke {reason}: 撤销 an approved application (the applicant, or HR / an admin). */
export function revokeRoute(deps: Deps = {}) {
  return async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const id = parseId((await ctx.params).id);
      if (id === null) throw badRequest("id: must be a positive whole number");
      const body = await parsedBody(req, revokeRequest);
      const db = await (deps.db ?? getDb)();
      const r = await revokeApplication(db, viewer, id, body.reason, clientOf(req.headers.get("user-agent")));
      return Response.json(
        { item_id: r.itemId, revoked_at: r.revokedAt, undone: r.undone, dingtalk_cancel_queued: r.dingtalkCancelQueued, wecom_correction_kept: r.wecomCorrectionKept },
        { headers: NO_STORE },
      );
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** GET /api/approvals/delegations: mine and those naming me · POST: set one (201; 200 when the same was set). */
export function delegationsRoute(deps: Deps = {}) {
  return {
    async GET(): Promise<Response> {
      try {
        const viewer = await viewerFrom(deps)();
        const db = await (deps.db ?? getDb)();
        return Response.json(await myDelegations(db, viewer), { headers: NO_STORE });
      } catch (e) {
        return errorResponse(e);
      }
    },
    async POST(req: Request): Promise<Response> {
      try {
        const viewer = await viewerFrom(deps)();
        const body = await parsedBody(req, delegationRequest);
        const db = await (deps.db ?? getDb)();
        const r = await setDelegation(db, viewer, body);
        return Response.json(r.delegation, { status: r.created ? 201 : 200, headers: NO_STORE });
      } catch (e) {
        return errorResponse(e);
      }
    },
  };
}

/** POST /api/approvals/delegations/[id]/end: its principal ends a delegation now (or cancels one not begun). */
export function endDelegationRoute(deps: Deps = {}) {
  return async function POST(_req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
    try {
      const viewer = await viewerFrom(deps)();
      const id = parseId((await ctx.params).id);
      if (id === null) throw badRequest("id: must be a positive whole number");
      const db = await (deps.db ?? getDb)();
      return Response.json(await endDelegation(db, viewer, id), { headers: NO_STORE });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
