// GET /api/attendance/sheet/cell?employee=<id>&date=YYYY-MM-DD: one cell of the monthly sheet, drilled down — the
// stored person-day, its shift, punches and leave (lib/attendance/sheet.ts). 401 without a session; 403 for a viewer
// without a console; 404 for a person outside the viewer's scope; 400 with a reason for bad parameters.
import { cellQuery, assertCanReadSheet, sheetCell } from "@/lib/attendance/sheet";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadSheet(viewer);
  const q = cellQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await sheetCell(db, viewer, q.employee, q.date), { headers: { "cache-control": "no-store" } });
});
