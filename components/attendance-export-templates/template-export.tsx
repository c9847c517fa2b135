"use client";
// 按模板导出 beside the sheet's export buttons: pick one of HR's templates (monthly sheet or detail) and download
// XLSX or CSV with the page's filters; the links go to the sheet's or the detail's export route with ?template=.
import * as React from "react";
import { Download } from "lucide-react";
import { Select } from "@/components/ui";
import { useTranslations } from "@/i18n/client";

const PATHS = { sheet: "/api/attendance/sheet/export", detail: "/api/attendance/detail/export" } as const;

export function TemplateExport({ templates, params }: { templates: { id: number; name: string; kind: keyof typeof PATHS }[]; params: Record<string, string | number | undefined> }) {
  const t = useTranslations("attendanceExportTemplates");
  const [picked, setPicked] = React.useState<string>("");
  const tpl = templates.find((x) => String(x.id) === picked);
  const href = (format: "xlsx" | "csv") => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, String(v));
    p.set("format", format);
    if (tpl) p.set("template", String(tpl.id));
    return `${PATHS[tpl?.kind ?? "sheet"]}?${p}`;
  };
  const link = "flex h-9 items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50 aria-disabled:pointer-events-none aria-disabled:opacity-50";
  return (
    <div className="flex items-center gap-2" data-testid="sheet-template-export">
      <Select value={picked} onChange={(e) => setPicked(e.target.value)} className="h-9 w-48 text-sm" aria-label={t("picker")} data-testid="sheet-template-select">
        <option value="">{t("picker")}…</option>
        {(["sheet", "detail"] as const).map((kind) =>
          templates.some((x) => x.kind === kind) ? (
            <optgroup key={kind} label={t(`kinds.${kind}`)}>
              {templates
                .filter((x) => x.kind === kind)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
            </optgroup>
          ) : null,
        )}
      </Select>
      <a href={tpl ? href("xlsx") : undefined} aria-disabled={!tpl} className={link} data-testid="sheet-template-xlsx">
        <Download className="size-4" aria-hidden />
        Excel
      </a>
      <a href={tpl ? href("csv") : undefined} aria-disabled={!tpl} className={link} data-testid="sheet-template-csv">
        CSV
      </a>
    </div>
  );
}
