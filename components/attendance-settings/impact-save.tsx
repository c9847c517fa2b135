"use client";
// Preview, then save: every settings editor sends its body with preview: true first and shows "将重算 N 个人天" (the
// same server function as the save, rolled back), and only then offers the save. Changing the form after a preview
// asks for a new one, so what was shown is what gets queued.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTranslations } from "@/i18n/client";

export interface ImpactReply {
  changed?: boolean | number;
  impact: { personDays: number; held: number; from: string };
}

/** The API's 400 names each field ("sections.0.end: 第 1 段：…"); HR reads the reasons, which already say where. */
const readable = (message: string) => message.replace(/(^|; )[\w.]+: /g, "$1");

export function ImpactSave({
  url,
  method,
  body,
  scope,
  onSaved,
  disabled,
}: {
  url: string;
  method: "POST" | "PUT";
  body: unknown;
  /** Which horizon the copy names: "period" (the payroll period's stored days), "date" (a calendar day's), "cells" (a roster's changed cells). */
  scope: "period" | "date" | "cells";
  onSaved?: (reply: ImpactReply & Record<string, unknown>) => void;
  disabled?: boolean;
}) {
  const t = useTranslations("attendanceSettings");
  const router = useRouter();
  const json = JSON.stringify(body);
  const [previewed, setPreviewed] = React.useState<{ json: string; reply: ImpactReply } | null>(null);
  const [busy, setBusy] = React.useState<"preview" | "save" | null>(null);
  const [note, setNote] = React.useState<{ ok: boolean; text: string } | null>(null);
  const current = previewed?.json === json ? previewed.reply : null;

  async function send(preview: boolean) {
    setBusy(preview ? "preview" : "save");
    setNote(null);
    try {
      const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify({ ...(body as object), preview }) });
      const j = (await res.json().catch(() => null)) as (ImpactReply & { message?: string } & Record<string, unknown>) | null;
      if (!res.ok || !j) {
        setNote({ ok: false, text: t(preview ? "previewFailed" : "failed", { message: readable(j?.message ?? String(res.status)) }) });
        if (preview) setPreviewed(null);
        return;
      }
      if (preview) setPreviewed({ json, reply: j });
      else {
        setPreviewed(null);
        setNote({ ok: true, text: j.changed ? t("saved", { count: j.impact.personDays }) : t("unchanged") });
        onSaved?.(j);
        router.refresh();
      }
    } catch (err) {
      setNote({ ok: false, text: t("failed", { message: String(err) }) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-2 rounded-xl border border-slate-200 bg-slate-50 p-3" data-testid="impact-save">
      {current ? (
        <div role="status" data-testid="impact-preview">
          <p className="text-base font-semibold text-slate-900" data-testid="impact-count">
            {current.changed === false || current.changed === 0 ? t("unchanged") : t("impact", { count: current.impact.personDays })}
          </p>
          {current.impact.held > 0 ? <p className="text-sm text-amber-700">{t("impactHeld", { held: current.impact.held })}</p> : null}
        </div>
      ) : previewed ? (
        <p className="text-sm text-amber-700">{t("stale")}</p>
      ) : null}
      <p className="text-xs text-slate-500">{scope === "date" ? t("calendar.horizon") : scope === "cells" ? t("rosters.horizon") : current ? t("horizon", { from: current.impact.from }) : t("horizonBefore")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" size="sm" variant="outline" disabled={disabled || busy != null} onClick={() => send(true)} data-testid="impact-preview-button">
          {busy === "preview" ? t("previewing") : t("preview")}
        </Button>
        <Button type="button" size="sm" disabled={disabled || busy != null || !current || current.changed === false || current.changed === 0} onClick={() => send(false)} data-testid="impact-save-button">
          {busy === "save" ? t("saving") : t("confirmSave")}
        </Button>
        {note ? (
          <span role={note.ok ? "status" : "alert"} className={note.ok ? "text-sm text-emerald-700" : "text-sm text-rose-700"} data-testid="impact-note">
            {note.text}
          </span>
        ) : null}
      </div>
    </div>
  );
}
