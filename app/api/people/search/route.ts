// GET /api/people/search?q=&department_id=&scope=subtree|direct: the invitation picker's search (lib/org/directory). Signed-in; at most
// 50 active people (id, name, 工号, department) — never phone numbers or e-mail addresses.
import { z } from "zod";
import { handle } from "@/lib/meetings/http";
import { searchPeople } from "@/lib/org/directory";
import { ID_MESSAGE, ID_PATTERN } from "@/lib/validation";

export const dynamic = "force-dynamic";

const query = z.object({
  q: z.string().trim().max(64).optional(),
  department_id: z.string().regex(ID_PATTERN, ID_MESSAGE).transform(Number).optional(),
  /** subtree (default): everyone below the department; direct: only its own people */
  scope: z.enum(["subtree", "direct"]).default("subtree"),
});

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const { q, department_id, scope } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const people = await searchPeople(db, viewer, { q, departmentId: department_id, direct: scope === "direct" });
  return Response.json({ data: people }, { headers: { "cache-control": "private, no-store" } });
});
