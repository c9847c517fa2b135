"use client";
// Import a meeting system's attendance export: preview with per-row outcome and reason, then apply.
import { useRef, useState } from "react";
import { useTranslations } from "@/i18n/client";
import { FileUp } from "lucide-react";
import { Button, Card } from "@/components/ui/light";
import type { ImportPreview } from "@/lib/meetings/imports";

const TONE: Record<string, string> = { new: "text-emerald-700", duplicate: "text-slate-500", unmatched: "text-amber-700", error: "text-rose-700", outside: "text-rose-700" };

export function ImportPanel({ meetingId }: { meetingId: number }) {
  const t = useTranslations("meetings.import");
  const tc = useTranslations("common");
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(mode: "preview" | "apply") {
    const file = input.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(null);
    const fd = new FormData();
    fd.set("file", file);
    const r = await fetch(`/api/meetings/${meetingId}/import?mode=${mode}`, { method: "POST", body: fd });
    const j = await r.json().catch(() => ({}));
    setBusy(false);
    if (!r.ok) return setMessage(j.message ?? r.statusText);
    setPreview(j);
    if (mode === "apply") setMessage(t("applied", { count: j.applied }));
  }

  return (
    <Card className="space-y-3 p-4" data-testid="import-panel">
      <h3 className="text-[15px] font-semibold text-slate-900">{t("title")}</h3>
      <p className="text-xs leading-5 text-slate-500">{t("hint")}</p>
      <div className="flex gap-2">
        <input ref={input} type="file" accept=".csv,.xlsx" className="min-w-0 flex-1 text-[13px] file:mr-2 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2" onChange={() => send("preview")} data-testid="import-file" />
        <Button size="sm" variant="outline" disabled={busy} onClick={() => send("preview")}><FileUp /> {t("preview")}</Button>
      </div>
      {message ? <p role="status" className="rounded-xl bg-slate-50 px-3 py-2 text-[13px] text-slate-700" data-testid="import-message">{message}</p> : null}
      {preview ? (
        <>
          <div className="flex flex-wrap gap-2 text-xs">
            {Object.entries(preview.counts).map(([k, v]) => (
              <span key={k} className={`rounded-full bg-slate-100 px-2 py-0.5 ${TONE[k]}`}>{t(`outcome.${k}`)} {v}</span>
            ))}
          </div>
          <div className="max-h-72 overflow-auto rounded-xl border border-slate-100">
            <table className="w-full text-left text-xs" data-testid="import-rows">
              <thead className="sticky top-0 bg-slate-50 text-slate-500">
                <tr><th className="px-2 py-1.5">{t("line")}</th><th className="px-2 py-1.5">{t("person")}</th><th className="px-2 py-1.5">{t("result")}</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.map((r) => (
                  <tr key={r.line} data-outcome={r.outcome}>
                    <td className="px-2 py-1.5 tabular-nums text-slate-500">{r.line}</td>
                    <td className="px-2 py-1.5 text-slate-800">{r.name ?? r.userKey ?? "—"}</td>
                    <td className={`px-2 py-1.5 ${TONE[r.outcome]}`}>{t(`outcome.${r.outcome}`)}{r.reason ? `${tc("colon")}${r.reason}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.counts.new > 0 && !("applied" in preview) ? (
            <Button block disabled={busy} onClick={() => send("apply")} data-testid="import-apply">{t("apply", { count: preview.counts.new })}</Button>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
