// GET /api/meetings/people?no=QD00002: resolve an employee number to an internal id (the console's claim form).
// Scoped (lib/identity/people resolveEmployeeNo): HR/admin anyone; managers their subtrees; organisers also the
// people of meetings they organise; everyone themselves. A number outside that answers like an unknown one (404):
// no employee-number oracle.
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { resolveEmployeeNo } from "@/lib/identity/people";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const { no } = z.object({ no: z.string().trim().min(1).max(32) }).parse(Object.fromEntries(new URL(req.url).searchParams));
  const r = await resolveEmployeeNo(db, viewer, no);
  if (r === "none") throw notFound("找不到该工号的在职员工");
  return Response.json({ id: r.id });
});
