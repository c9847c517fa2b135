"use client";
// 日历调整: a month grid of the org calendar (type, name, source); picking a day opens the mark / clear form with the
// impact preview before the save.
import * as React from "react";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { useTranslations } from "@/i18n/client";
import { ImpactSave } from "./impact-save";

export type DayTypeKey = "workday" | "weekend" | "statutory_holiday" | "in_lieu_rest" | "makeup_workday";
export interface CalendarDay {
  date: string;
  dayType: DayTypeKey;
  name: string | null;
  source: "chinese-days" | "hr";
}
const TYPES: DayTypeKey[] = ["workday", "weekend", "statutory_holiday", "in_lieu_rest", "makeup_workday"];
const TONE: Record<DayTypeKey, string> = {
  workday: "bg-white",
  weekend: "bg-slate-100",
  statutory_holiday: "bg-rose-50",
  in_lieu_rest: "bg-amber-50",
  makeup_workday: "bg-sky-50",
};

export function CalendarEditor({ days }: { days: CalendarDay[] }) {
  const t = useTranslations("attendanceSettings");
  const [picked, setPicked] = React.useState<CalendarDay | null>(null);
  const [dayType, setDayType] = React.useState<DayTypeKey | "clear">("workday");
  const [name, setName] = React.useState("");
  const lead = (new Date(`${days[0].date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const pick = (d: CalendarDay) => {
    setPicked(d);
    setDayType(d.dayType);
    setName(d.name ?? "");
  };
  // After a save the page refreshes: show the picked day as now stored.
  const fresh = picked ? days.find((d) => d.date === picked.date) : undefined;
  if (picked && fresh && JSON.stringify(fresh) !== JSON.stringify(picked)) setPicked(fresh);
  const sourceLabel = (d: CalendarDay) => (d.source === "hr" ? t("calendar.sourceHr") : t("calendar.sourcePackage"));
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_360px]">
      <div>
        <div className="grid grid-cols-7 gap-1 text-center text-xs font-medium text-slate-500">
          {t("calendar.weekdays")
            .split(",")
            .map((w) => (
              <div key={w} className="py-1">
                {w}
              </div>
            ))}
        </div>
        <div className="grid grid-cols-7 gap-1" data-testid="calendar-grid">
          {Array.from({ length: lead }, (_, i) => (
            <div key={`lead-${i}`} />
          ))}
          {days.map((d) => (
            <button
              key={d.date}
              type="button"
              onClick={() => pick(d)}
              data-testid={`calendar-day-${d.date}`}
              data-type={d.dayType}
              data-source={d.source}
              className={cn(
                "flex h-20 flex-col items-start rounded-lg border p-1.5 text-left text-xs transition hover:border-brand-400",
                TONE[d.dayType],
                d.source === "hr" ? "border-brand-300 ring-1 ring-brand-200" : "border-slate-200",
                picked?.date === d.date && "border-brand-500 ring-2 ring-brand-400",
              )}
            >
              <span className="text-sm font-semibold text-slate-800">{Number(d.date.slice(8))}</span>
              <span className="text-slate-600">{t(`calendar.types.${d.dayType}`)}</span>
              {d.name ? <span className="truncate text-slate-500">{d.name}</span> : null}
              {d.source === "hr" ? <span className="mt-auto text-[10px] font-medium text-brand-600">{t("calendar.sourceHr")}</span> : null}
            </button>
          ))}
        </div>
      </div>
      <aside className="rounded-xl border border-slate-200 bg-white p-4" data-testid="calendar-form">
        {!picked ? (
          <p className="text-sm text-slate-500">{t("calendar.pick")}</p>
        ) : (
          <div className="space-y-3">
            <h2 className="text-base font-semibold text-slate-900">{t("calendar.editing", { date: picked.date })}</h2>
            <p className="text-sm text-slate-600" data-testid="calendar-current">
              {t("calendar.current", { type: t(`calendar.types.${picked.dayType}`), source: sourceLabel(picked) })}
            </p>
            <label className="block text-sm">
              <span className="mb-1 block text-xs text-slate-500">{t("calendar.dayType")}</span>
              <Select value={dayType} onChange={(e) => setDayType(e.target.value as DayTypeKey | "clear")} data-testid="calendar-daytype">
                {TYPES.map((k) => (
                  <option key={k} value={k}>
                    {t(`calendar.types.${k}`)}
                  </option>
                ))}
                {picked.source === "hr" ? <option value="clear">{t("calendar.clear")}</option> : null}
              </Select>
            </label>
            {dayType === "clear" ? (
              <p className="text-xs text-slate-500">{t("calendar.clearHint")}</p>
            ) : (
              <label className="block text-sm">
                <span className="mb-1 block text-xs text-slate-500">{t("calendar.name")}</span>
                <Input value={name} maxLength={40} placeholder={t("calendar.namePlaceholder")} onChange={(e) => setName(e.target.value)} data-testid="calendar-name" />
              </label>
            )}
            <ImpactSave
              key={picked.date}
              url="/api/attendance/settings/calendar"
              method="POST"
              scope="date"
              body={{ date: picked.date, dayType: dayType === "clear" ? null : dayType, name: dayType === "clear" ? null : name.trim() || null }}
            />
          </div>
        )}
      </aside>
    </div>
  );
}
