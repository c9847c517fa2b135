// "导出 Excel" / "导出 CSV" for a console report: links to /api/exports/<report> (or `path`, for the meeting and period
// attendance exports) with the page's current filters. The download streams; the filters are re-checked there.
import { getTranslations } from "next-intl/server";
import { Download } from "lucide-react";

export async function ExportButtons({
  report,
  path = `/api/exports/${report}`,
  params = {},
  className,
}: {
  report: string;
  path?: string;
  params?: Record<string, string | number | null | undefined>;
  className?: string;
}) {
  const t = await getTranslations("exports.buttons");
  const href = (format: "csv" | "xlsx") => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
    p.set("format", format);
    return `${path}?${p}`;
  };
  return (
    <div className={`flex shrink-0 gap-2 ${className ?? ""}`} data-testid={`export-${report}`}>
      <a href={href("xlsx")} data-testid={`export-${report}-xlsx`} className="flex h-9 items-center gap-1.5 rounded-lg bg-brand-500 px-3 text-sm font-medium text-white hover:bg-brand-600">
        <Download className="size-4" aria-hidden />
        {t("xlsx")}
      </a>
      <a href={href("csv")} data-testid={`export-${report}-csv`} className="flex h-9 items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50">
        {t("csv")}
      </a>
    </div>
  );
}
