// PUT /api/attendance/export-templates/:id {name, kind, columns}: replace a template (audited; the same body again
// writes nothing). DELETE: remove it (audited). HR/admin only (403); 400 for a bad body; 404 for an unknown id.
import { assertCanManageExportTemplates, deleteExportTemplate, exportTemplateBody, templateIdParam, updateExportTemplate } from "@/lib/attendance/export-templates";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanManageExportTemplates(viewer);
  const id = templateIdParam.parse(params.id);
  return Response.json(await updateExportTemplate(db, viewer, id, await jsonBody(req, exportTemplateBody)));
});

export const DELETE = handle<{ id: string }>(async ({ db, viewer, params }) => {
  assertCanManageExportTemplates(viewer);
  return Response.json(await deleteExportTemplate(db, viewer, templateIdParam.parse(params.id)));
});
