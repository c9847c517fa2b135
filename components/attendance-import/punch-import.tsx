"use client";
// Upload → preview (rows as parsed, people matched) and dry-run diff → confirm → result. The file stays in the browser
// between the two requests: confirm sends it again and the server re-evaluates it (nothing is kept server-side).
import { useRef, useState } from "react";
import { FileUp, Loader2 } from "lucide-react";
import { useTranslations } from "@/i18n/client";
import { Button, Card } from "@/components/ui/light";
import type { PunchImportPreview, PunchPreviewRow, PunchRowOutcome } from "@/lib/attendance/punches/file-import";

type Vendor = "auto" | "dingtalk" | "wecom";
type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "preview"; preview: PunchImportPreview }
  | { kind: "applying"; preview: PunchImportPreview }
  | { kind: "applied"; preview: PunchImportPreview; queued: number };

const OUTCOMES: PunchRowOutcome[] = ["new", "existing", "duplicate", "unmatched", "invalid", "skipped"];
const TONE: Record<PunchRowOutcome, string> = {
  new: "bg-emerald-50 text-emerald-700",
  existing: "bg-slate-100 text-slate-600",
  duplicate: "bg-slate-100 text-slate-600",
  unmatched: "bg-amber-50 text-amber-700",
  invalid: "bg-rose-50 text-rose-700",
  skipped: "bg-slate-100 text-slate-500",
};

export function PunchImport() {
  const t = useTranslations("attendanceImport");
  const input = useRef<HTMLInputElement>(null);
  const [vendor, setVendor] = useState<Vendor>("auto");
  const [state, setState] = useState<State>({ kind: "idle" });

  async function send(mode: "preview" | "apply") {
    const file = input.current?.files?.[0];
    if (!file) return setState({ kind: "idle" });
    const before = state;
    setState(mode === "apply" && "preview" in before ? { kind: "applying", preview: before.preview } : { kind: "loading" });
    const fd = new FormData();
    fd.set("file", file);
    try {
      const r = await fetch(`/api/attendance/import?mode=${mode}&vendor=${vendor}`, { method: "POST", body: fd });
      const j = await r.json().catch(() => ({}));
      if (!r.ok) return setState({ kind: "error", message: j.message ?? r.statusText });
      setState(mode === "apply" ? { kind: "applied", preview: j, queued: j.queued } : { kind: "preview", preview: j });
    } catch (e) {
      setState({ kind: "error", message: (e as Error).message });
    }
  }

  const vendorName = (v: string) => t(v === "wecom" ? "vendorWecom" : "vendorDingtalk");
  const preview = "preview" in state ? state.preview : null;

  return (
    <div className="space-y-4">
      <Card className="flex flex-wrap items-end gap-3 p-4" data-testid="import-upload">
        <label className="flex min-w-72 flex-1 flex-col gap-1 text-[13px] text-slate-600">
          {t("file")}
          <input
            ref={input}
            type="file"
            accept=".csv,.xlsx"
            className="text-[13px] file:mr-2 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2"
            onChange={() => send("preview")}
            data-testid="import-file"
          />
        </label>
        <label className="flex flex-col gap-1 text-[13px] text-slate-600">
          {t("vendor")}
          <select className="h-9 rounded-lg border border-slate-200 bg-white px-2 text-[13px]" value={vendor} onChange={(e) => setVendor(e.target.value as Vendor)} data-testid="import-vendor">
            <option value="auto">{t("vendorAuto")}</option>
            <option value="dingtalk">{t("vendorDingtalk")}</option>
            <option value="wecom">{t("vendorWecom")}</option>
          </select>
        </label>
        <Button size="sm" variant="outline" disabled={state.kind === "loading" || state.kind === "applying"} onClick={() => send("preview")}>
          <FileUp /> {t("previewButton")}
        </Button>
      </Card>

      {state.kind === "idle" ? <p className="text-sm text-slate-500" data-testid="import-empty">{t("empty")}</p> : null}
      {state.kind === "loading" ? (
        <p className="flex items-center gap-2 text-sm text-slate-500" role="status" data-testid="import-loading">
          <Loader2 className="size-4 animate-spin" /> {t("loading")}
        </p>
      ) : null}
      {state.kind === "error" ? (
        <Card className="border-rose-200 bg-rose-50 p-4" role="alert" data-testid="import-error">
          <p className="text-sm font-medium text-rose-800">{t("errorTitle")}</p>
          <p className="mt-1 text-sm text-rose-700">{state.message}</p>
        </Card>
      ) : null}

      {preview ? (
        <>
          <Card className="space-y-3 p-4" data-testid="import-diff">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-base font-semibold text-slate-900">{t("diffTitle")}</h2>
              <p className="text-xs text-slate-500">
                {t("detected", { vendor: vendorName(preview.vendor), row: preview.headerRow })}
                {preview.range ? ` · ${t("range", preview.range)}` : ""}
              </p>
            </div>
            {preview.titles.length ? <p className="text-xs text-slate-400">{preview.titles.join(" · ")}</p> : null}
            <div className="grid grid-cols-3 gap-2 md:grid-cols-6">
              {OUTCOMES.map((o) => (
                <div key={o} className={`rounded-xl px-3 py-2 ${TONE[o]}`} data-testid={`count-${o}`}>
                  <div className="text-xs">{t(`outcome.${o}`)}</div>
                  <div className="text-xl font-semibold tabular-nums">{preview.counts[o]}</div>
                </div>
              ))}
            </div>
            {state.kind === "applied" ? (
              <div className="flex flex-wrap items-center gap-3">
                <p role="status" className="rounded-xl bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="import-applied">
                  {t("applied", { count: state.queued })}
                </p>
                <Button
                  size="sm"
                  variant="outline"
                  onClick={() => {
                    if (input.current) input.current.value = "";
                    setState({ kind: "idle" });
                  }}
                >
                  {t("again")}
                </Button>
              </div>
            ) : preview.counts.new > 0 ? (
              <Button disabled={state.kind === "applying"} onClick={() => send("apply")} data-testid="import-confirm">
                {state.kind === "applying" ? t("applying") : t("confirm", { count: preview.counts.new })}
              </Button>
            ) : (
              <p className="text-sm text-slate-600" data-testid="import-nothing-new">{t("nothingNew")}</p>
            )}
          </Card>

          {preview.unmatchedPeople.length ? (
            <Card className="space-y-2 p-4" data-testid="import-unmatched">
              <h2 className="text-base font-semibold text-slate-900">{t("unmatchedTitle")}</h2>
              <p className="text-xs text-slate-500">{t("unmatchedHint", { vendor: vendorName(preview.vendor) })}</p>
              <ul className="divide-y divide-slate-100 text-sm">
                {preview.unmatchedPeople.map((p) => (
                  <li key={`${p.employeeNo}|${p.userid}`} className="flex flex-wrap gap-x-3 py-1.5">
                    <span className="font-medium text-slate-800">{p.name ?? "—"}</span>
                    <span className="text-slate-500">{[p.employeeNo, p.userid].filter(Boolean).join(" / ")}</span>
                    <span className="text-slate-400">{t("rowsOf", { n: p.rows })}</span>
                    <span className="text-amber-700">{p.reason}</span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}

          <RowTable title={t("sampleTitle", { n: preview.sample.length })} rows={preview.sample} testId="import-sample" />
          {preview.issues.length ? <RowTable title={t("issuesTitle")} rows={preview.issues} testId="import-issues" /> : null}
        </>
      ) : null}
    </div>
  );
}

function RowTable({ title, rows, testId }: { title: string; rows: PunchPreviewRow[]; testId: string }) {
  const t = useTranslations("attendanceImport");
  return (
    <Card className="space-y-2 p-4">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <div className="max-h-96 overflow-auto rounded-xl border border-slate-100">
        <table className="w-full text-left text-[13px]" data-testid={testId}>
          <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
            <tr>
              {(["line", "name", "id", "person", "date", "time", "direction", "place", "result"] as const).map((c) => (
                <th key={c} className="px-2 py-1.5 font-medium whitespace-nowrap">{t(`col.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.line} data-outcome={r.outcome}>
                <td className="px-2 py-1.5 tabular-nums text-slate-400">{r.line}</td>
                <td className="px-2 py-1.5 text-slate-800">{r.name ?? "—"}</td>
                <td className="px-2 py-1.5 text-slate-500">{[r.employeeNo, r.userid].filter(Boolean).join(" / ") || "—"}</td>
                <td className="px-2 py-1.5 text-slate-800">{r.employeeName ?? "—"}</td>
                <td className="px-2 py-1.5 tabular-nums whitespace-nowrap">{r.localDate ?? "—"}</td>
                <td className="px-2 py-1.5 tabular-nums">{r.localTime ?? "—"}</td>
                <td className="px-2 py-1.5">{t(`direction.${r.direction ?? "none"}`)}</td>
                <td className="max-w-48 truncate px-2 py-1.5 text-slate-500" title={r.place ?? undefined}>{r.place ?? "—"}</td>
                <td className="px-2 py-1.5">
                  <span className={`rounded-full px-2 py-0.5 text-xs whitespace-nowrap ${TONE[r.outcome]}`}>{t(`outcome.${r.outcome}`)}</span>
                  {r.reason ? <span className="ml-2 text-xs text-slate-500">{r.reason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
