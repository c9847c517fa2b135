// GET /api/departments/tree: every active department (id, name, parent, depth, people in its subtree) for the
// invitation picker. Signed-in; no people in it.
import { handle } from "@/lib/meetings/http";
import { departmentTree } from "@/lib/org/directory";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer }) => {
  return Response.json({ data: await departmentTree(db, viewer) }, { headers: { "cache-control": "private, no-store" } });
});
