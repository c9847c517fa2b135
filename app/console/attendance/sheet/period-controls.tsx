"use client";
// The sheet's period controls for HR/admin: the period start day, lock (封账, after a confirm) and reopen (with a
// required reason). Each calls its route (/api/attendance/period/*) and refreshes the server-rendered page.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTranslations } from "@/i18n/client";

type Mode = "idle" | "confirmLock" | "reopen";

async function send(url: string, method: "POST" | "PUT", body: unknown): Promise<string | null> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.ok) return null;
  const j = (await res.json().catch(() => null)) as { message?: string } | null;
  return j?.message ?? String(res.status);
}

export function PeriodControls({ month, from, to, startDay, locked }: { month: string; from: string; to: string; startDay: number; locked: boolean }) {
  const t = useTranslations("attendancePeriod");
  const router = useRouter();
  const [mode, setMode] = React.useState<Mode>("idle");
  const [reason, setReason] = React.useState("");
  const [day, setDay] = React.useState(String(startDay));
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const run = async (url: string, method: "POST" | "PUT", body: unknown) => {
    setBusy(true);
    setError(null);
    const failed = await send(url, method, body).catch((e: unknown) => String(e));
    setBusy(false);
    if (failed) return setError(t("failed", { message: failed }));
    setMode("idle");
    setReason("");
    router.refresh();
  };
  return (
    <div className="space-y-3" data-testid="period-controls">
      <form
        className="flex flex-wrap items-end gap-2"
        data-testid="period-settings"
        onSubmit={(e) => {
          e.preventDefault();
          void run("/api/attendance/period/settings", "PUT", { startDay: Number(day) });
        }}
      >
        <label className="text-sm text-slate-600">
          <span className="mb-1 block text-xs text-slate-500">{t("startDay")}</span>
          <select value={day} onChange={(e) => setDay(e.target.value)} className="h-9 rounded-lg border border-slate-200 bg-white px-2 text-sm" data-testid="period-start-day">
            {Array.from({ length: 28 }, (_, i) => i + 1).map((d) => (
              <option key={d} value={d}>
                {d === 1 ? t("startDayCalendar") : t("startDayOption", { day: d })}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" size="sm" variant="outline" disabled={busy || day === String(startDay)}>
          {t("save")}
        </Button>
        <p className="basis-full text-xs text-slate-500">{t("startDayHint")}</p>
      </form>
      {mode === "idle" ? (
        locked ? (
          <Button size="sm" variant="outline" onClick={() => setMode("reopen")} data-testid="period-reopen">
            {t("reopen")}
          </Button>
        ) : (
          <Button size="sm" variant="danger" onClick={() => setMode("confirmLock")} data-testid="period-lock">
            {t("lock")}
          </Button>
        )
      ) : null}
      {mode === "confirmLock" ? (
        <div className="rounded-xl border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900" role="alertdialog" data-testid="period-lock-confirm">
          <p>{t("lockConfirm", { from, to })}</p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" variant="danger" disabled={busy} onClick={() => void run("/api/attendance/period/lock", "POST", { month })}>
              {t("confirmLock")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode("idle")}>
              {t("cancel")}
            </Button>
          </div>
        </div>
      ) : null}
      {mode === "reopen" ? (
        <form
          className="space-y-2 rounded-xl border border-amber-200 bg-amber-50 p-3"
          data-testid="period-reopen-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError(t("reasonRequired"));
            void run("/api/attendance/period/reopen", "POST", { month, reason });
          }}
        >
          <label className="block text-sm text-slate-700">
            <span className="mb-1 block text-xs text-slate-600">{t("reopenReason")}</span>
            <textarea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={2}
              maxLength={500}
              placeholder={t("reopenPlaceholder")}
              className="w-full rounded-lg border border-slate-200 bg-white px-2 py-1 text-sm"
              data-testid="period-reopen-reason"
            />
          </label>
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={busy}>
              {t("confirmReopen")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode("idle")}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="text-sm text-rose-700" role="alert" data-testid="period-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
