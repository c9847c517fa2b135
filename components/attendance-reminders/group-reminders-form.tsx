"use client";
// One attendance group's reminder settings: PUT /api/attendance/groups/:id/reminders, then refresh the server page.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTranslations } from "@/i18n/client";
import type { GroupReminderSettings } from "@/db/schema/attendance";

const inputClass = "h-9 rounded-lg border border-slate-200 bg-white px-2 text-sm";

export function GroupRemindersForm({ groupId, initial }: { groupId: number; initial: GroupReminderSettings }) {
  const t = useTranslations("attendanceReminders");
  const router = useRouter();
  const [s, setS] = React.useState(initial);
  const [busy, setBusy] = React.useState(false);
  const [note, setNote] = React.useState<{ ok: boolean; text: string } | null>(null);
  const set = <K extends keyof GroupReminderSettings>(k: K, v: GroupReminderSettings[K]) => setS((x) => ({ ...x, [k]: v }));
  const check = (k: "enabled" | "punchOut" | "missingNextMorning" | "monthSummary", label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" checked={s[k]} onChange={(e) => set(k, e.target.checked)} data-testid={`reminders-${k}`} className="size-4" />
      {label}
    </label>
  );
  const time = (k: "missingAt" | "quietStart" | "quietEnd", label: string) => (
    <label className="text-sm text-slate-600">
      <span className="mb-1 block text-xs text-slate-500">{label}</span>
      <input type="time" value={s[k]} onChange={(e) => set(k, e.target.value)} required className={inputClass} data-testid={`reminders-${k}`} />
    </label>
  );
  return (
    <form
      className="space-y-3"
      data-testid={`reminders-form-${groupId}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setNote(null);
        try {
          const res = await fetch(`/api/attendance/groups/${groupId}/reminders`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(s) });
          const j = (await res.json().catch(() => null)) as { changed?: boolean; message?: string } | null;
          if (!res.ok) setNote({ ok: false, text: t("failed", { message: j?.message ?? String(res.status) }) });
          else {
            setNote({ ok: true, text: j?.changed ? t("saved") : t("unchanged") });
            router.refresh();
          }
        } catch (err) {
          setNote({ ok: false, text: t("failed", { message: String(err) }) });
        } finally {
          setBusy(false);
        }
      }}
    >
      {check("enabled", t("enabled"))}
      <fieldset disabled={!s.enabled} className="space-y-3 disabled:opacity-50">
        <label className="block text-sm text-slate-600">
          <span className="mb-1 block text-xs text-slate-500">{t("punchInAfter")}</span>
          <input
            type="number"
            min={0}
            max={240}
            value={s.punchInAfterMinutes}
            onChange={(e) => set("punchInAfterMinutes", Number(e.target.value))}
            className={`${inputClass} w-24`}
            data-testid="reminders-punchInAfterMinutes"
          />{" "}
          <span className="text-xs text-slate-500">{t("minutes")}</span>
        </label>
        {check("punchOut", t("punchOut"))}
        {check("missingNextMorning", t("missingNextMorning"))}
        {s.missingNextMorning ? time("missingAt", t("missingAt")) : null}
        {check("monthSummary", t("monthSummary"))}
        <div>
          <p className="mb-1 text-xs font-medium text-slate-600">{t("quiet")}</p>
          <div className="flex flex-wrap items-end gap-2">
            {time("quietStart", t("quietFrom"))}
            {time("quietEnd", t("quietTo"))}
          </div>
          <p className="mt-1 text-xs text-slate-500">{t("quietHint")}</p>
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={busy} data-testid={`reminders-save-${groupId}`}>
          {t("save")}
        </Button>
        {note ? (
          <span role="status" className={note.ok ? "text-sm text-emerald-700" : "text-sm text-rose-700"} data-testid={`reminders-note-${groupId}`}>
            {note.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
