// GET /api/meetings/series/:id: the series report (per occurrence, per person; scoped). PATCH: edit the occurrences
// still to come (organiser/HR); past ones are left as they were.
import { z } from "zod";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";
import { seriesPatch } from "@/lib/meetings/schemas";
import { editSeries, seriesReport } from "@/lib/meetings/series";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  return Response.json(await seriesReport(db, viewer, id));
});

export const PATCH = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const { patch } = await jsonBody(req, z.object({ patch: seriesPatch }));
  return Response.json(await editSeries(db, viewer, id, patch));
});
