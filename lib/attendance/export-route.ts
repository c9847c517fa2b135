// The GET handler both month exports share (the monthly sheet and the detail): the sheet's readers only, the sheet's
// filters and ?format=, an optional ?template=<id> of the export's kind (404 unknown, 400 the other kind), the
// reader's language, streamed through lib/exports/stream.ts.
import "server-only";
import { getLocale } from "next-intl/server";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";
import { exportTemplateFor, templateIdParam, type TemplateKind } from "./export-templates";
import { assertCanReadSheet, sheetQuery } from "./sheet";
import { detailExport, sheetExport } from "./sheet-export";

const BUILD = { sheet: sheetExport, detail: detailExport } as const;
const ASCII = { sheet: "attendance-sheet", detail: "attendance-detail" } as const;

export function monthExportRoute(kind: TemplateKind) {
  return handle<Record<string, never>>(async ({ db, viewer, req }) => {
    assertCanReadSheet(viewer);
    const { format: rawFormat, template: rawTemplate, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
    const format = exportFormat.parse(rawFormat);
    const q = sheetQuery.omit({ page: true }).parse(filters);
    const template = rawTemplate ? await exportTemplateFor(db, templateIdParam.parse(rawTemplate), kind) : undefined;
    const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
    const { table, local, month } = await BUILD[kind](db, viewer, q, locale, template);
    return exportResponse(streamTable(table, format), format, { ascii: ASCII[kind], local }, month);
  });
}
