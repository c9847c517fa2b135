"use client";
// The bridge's direction and start date: PUT /api/attendance/bridge, then refresh the server page.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTranslations } from "@/i18n/client";

const MODES = ["off", "dingtalk_to_wecom", "wecom_to_dingtalk", "both"] as const;
type Mode = (typeof MODES)[number];

export function BridgeSettingsForm({ initial, earliest, today }: { initial: { mode: Mode; from: string }; earliest: string; today: string }) {
  const t = useTranslations("attendanceBridge");
  const router = useRouter();
  const [mode, setMode] = React.useState<Mode>(initial.mode);
  const [from, setFrom] = React.useState(initial.from < earliest ? earliest : initial.from);
  const [busy, setBusy] = React.useState(false);
  const [note, setNote] = React.useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="space-y-4"
      data-testid="bridge-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setNote(null);
        try {
          const res = await fetch("/api/attendance/bridge", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode, from }) });
          const j = (await res.json().catch(() => null)) as { changed?: boolean; queued?: number; message?: string } | null;
          if (!res.ok) setNote({ ok: false, text: t("failed", { message: j?.message ?? String(res.status) }) });
          else {
            setNote({ ok: true, text: j?.changed ? t("saved", { n: j.queued ?? 0 }) : t("unchanged") });
            router.refresh();
          }
        } catch (err) {
          setNote({ ok: false, text: t("failed", { message: String(err) }) });
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="mb-1 text-xs font-medium text-slate-600">{t("direction.label")}</legend>
        {MODES.map((m) => (
          <label key={m} className="flex items-start gap-2 rounded-lg border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="mt-0.5 size-4" data-testid={`bridge-mode-${m}`} />
            <span>
              <span className="block font-medium text-slate-800">{t(`mode.${m}`)}</span>
              <span className="block text-xs text-slate-500">{t(`modeHint.${m}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="block text-sm text-slate-600">
        <span className="mb-1 block text-xs text-slate-500">{t("from")}</span>
        <input type="date" value={from} min={earliest} max={today} onChange={(e) => setFrom(e.target.value)} required className="h-9 rounded-lg border border-slate-200 bg-white px-2 text-sm" data-testid="bridge-from" />
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={busy} data-testid="bridge-save">
          {busy ? t("saving") : t("save")}
        </Button>
        {note ? (
          <span role="status" className={note.ok ? "text-sm text-emerald-700" : "text-sm text-rose-700"} data-testid="bridge-note">
            {note.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
