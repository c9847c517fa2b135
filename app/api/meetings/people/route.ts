// GET /api/meetings/people?no=QD00002: resolve an employee number for organisers/HR (claiming, invitations).
import { z } from "zod";
import { forbidden, notFound } from "@/lib/errors";
import { employeeIdsByNo } from "@/lib/meetings/queries";
import { handle } from "@/lib/meetings/http";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden();
  const { no } = z.object({ no: z.string().trim().min(1).max(32) }).parse(Object.fromEntries(new URL(req.url).searchParams));
  const { ids } = await employeeIdsByNo(db, [no]);
  if (!ids.length) throw notFound("找不到该工号的在职员工");
  return Response.json({ id: ids[0] });
});
