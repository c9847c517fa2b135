// GET /api/attendance/export-templates: HR's export templates (导出模板). POST {name, kind, columns: [{key, header}]}:
// a new one (201), audited. HR/admin only (403 others); 400 with the reasons for a bad body (unknown or repeated
// column, empty name, too many columns, header too long), nothing written.
import { assertCanManageExportTemplates, createExportTemplate, exportTemplateBody, listExportTemplates } from "@/lib/attendance/export-templates";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer }) => Response.json({ templates: await listExportTemplates(db, viewer) }));

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanManageExportTemplates(viewer);
  return Response.json({ template: await createExportTemplate(db, viewer, await jsonBody(req, exportTemplateBody)) }, { status: 201 });
});
