"use client";
// "提醒未打卡" on the phone: POST /api/attendance/board/remind, then what happened in one line. The copy comes in
// props (templates with {queued} / {skipped}), so the phone loads no i18n runtime for it.
import { useState } from "react";

export interface RemindLabels {
  button: string;
  busy: string;
  done: string;
  skipped: string;
  none: string;
  failed: string;
  hint: string;
}

export function RemindButton({ department, count, labels }: { department: number | null; count: number; labels: RemindLabels }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; error: boolean } | null>(null);
  async function send() {
    setBusy(true);
    try {
      const r = await fetch("/api/attendance/board/remind", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(department ? { department } : {}) });
      if (!r.ok) throw new Error(String(r.status));
      const res = (await r.json()) as { total: number; queued: number; skipped: number };
      const text =
        res.total === 0
          ? labels.none
          : labels.done.replace("{queued}", String(res.queued)) + (res.skipped ? labels.skipped.replace("{skipped}", String(res.skipped)) : "");
      setResult({ text, error: false });
    } catch {
      setResult({ text: labels.failed, error: true });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-1.5">
      <button
        type="button"
        onClick={send}
        disabled={busy || count === 0}
        data-testid="board-remind"
        className={`flex h-11 w-full items-center justify-center rounded-xl text-[15px] font-medium transition-colors disabled:opacity-50 ${count ? "bg-brand-500 text-white active:bg-brand-700" : "bg-brand-50 text-brand-700"}`}
      >
        {busy ? labels.busy : labels.button}
      </button>
      {result ? (
        <p role="status" className={`text-[12px] ${result.error ? "text-rose-600" : "text-emerald-700"}`} data-testid="board-remind-result">
          {result.text}
        </p>
      ) : (
        <p className="text-[11px] text-slate-400">{labels.hint}</p>
      )}
    </div>
  );
}
