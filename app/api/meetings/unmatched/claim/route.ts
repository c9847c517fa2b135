// POST /api/meetings/unmatched/claim {unmatchedId, employeeId}: link a vendor participant to an employee.
import { claimUnmatched } from "@/lib/meetings/mutations";
import { claimInput } from "@/lib/meetings/schemas";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => Response.json(await claimUnmatched(db, viewer, await jsonBody(req, claimInput))));
