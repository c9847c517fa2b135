// My month as a calendar: each day coloured by its result, a legend, and a tap opens the day — punches with source
// and place, the rule applied, leave, the explanation — with the 补卡 entry on abnormal days.
// Rendered on the server, days and their sheets alike: each day's sheet is a native <dialog> (closed by its own
// form, Esc, the back gesture or the backdrop), and the only script is CalendarSheets, which opens the one tapped
// (issue 12: the 考勤 tab's JavaScript stays within budget on phones).
import Link from "next/link";
import { X } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { buttonVariants } from "@/components/ui/variants";
import type { DayTone, MyDay } from "@/lib/attendance/my-attendance";
import { formatTime, type FormatContext } from "@/lib/ui/format";
import { CalendarSheets } from "./calendar-sheets";
import { shiftLine } from "./shift-line";

const TONE: Record<DayTone, string> = {
  normal: "bg-emerald-50 text-emerald-800",
  late: "bg-amber-100 text-amber-900",
  absent: "bg-rose-100 text-rose-800",
  leave: "bg-sky-100 text-sky-800",
  rest: "bg-slate-50 text-slate-400",
  none: "border border-dashed border-slate-300 bg-white text-slate-600",
  pending: "bg-white text-brand-700 ring-2 ring-inset ring-brand-400",
  future: "bg-white text-slate-300",
};
const DOT: Record<DayTone, string> = {
  normal: "bg-emerald-500",
  late: "bg-amber-500",
  absent: "bg-rose-500",
  leave: "bg-sky-500",
  rest: "bg-slate-300",
  none: "border border-dashed border-slate-400 bg-white",
  pending: "bg-white ring-2 ring-brand-400",
  future: "bg-white",
};
const LEGEND: DayTone[] = ["normal", "late", "absent", "leave", "rest", "none"];
// Days that may need a correction: late/early, missing or absent, and past workdays with no record at all.
const ABNORMAL = new Set<DayTone>(["late", "absent", "none"]);

export async function MonthCalendar({ days, today, ctx }: { days: MyDay[]; today: string; ctx: FormatContext }) {
  const t = await getTranslations("punch");
  const tt = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const locale = ctx.locale;

  // Monday-first grid: blanks before the 1st.
  const [y, m] = days[0].date.split("-").map(Number);
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const weekdays = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(locale, { weekday: "narrow", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i))));
  const dayTitle = (d: MyDay) =>
    new Intl.DateTimeFormat(locale, { month: "long", day: "numeric", weekday: "short", timeZone: "UTC" }).format(new Date(`${d.date}T12:00:00Z`));

  return (
    <CalendarSheets>
      <div data-testid="month-calendar">
        <div className="grid grid-cols-7 gap-1 text-center text-[11px] text-slate-400">
          {weekdays.map((w, i) => (
            <span key={i} className="py-1">{w}</span>
          ))}
        </div>
        <div className="grid grid-cols-7 gap-1">
          {Array.from({ length: lead }, (_, i) => (
            <span key={`b${i}`} />
          ))}
          {days.map((d) => (
            <button
              key={d.date}
              type="button"
              data-opens={`day-${d.date}`}
              data-testid="calendar-day"
              data-date={d.date}
              data-tone={d.tone}
              aria-haspopup="dialog"
              aria-label={`${dayTitle(d)} ${tt(`tone.${d.tone === "future" ? "none" : d.tone}`)}`}
              className={`relative flex aspect-square flex-col items-center justify-center rounded-lg text-[14px] font-medium tabular-nums active:opacity-70 ${TONE[d.tone]}`}
            >
              {Number(d.date.slice(8))}
              {d.holidayName && (d.dayType === "statutory_holiday" || d.dayType === "makeup_workday") ? (
                <span className="absolute bottom-0.5 max-w-full truncate px-0.5 text-[9px] font-normal leading-none opacity-80">
                  {d.dayType === "makeup_workday" ? (locale === "en" ? "work" : "班") : locale === "en" ? "hol" : "休"}
                </span>
              ) : null}
              {d.date === today ? <span className="absolute right-1 top-1 size-1.5 rounded-full bg-brand-500" aria-hidden /> : null}
            </button>
          ))}
        </div>
        <ul className="mt-3 flex flex-wrap gap-x-3 gap-y-1.5 text-[11px] text-slate-500" data-testid="calendar-legend">
          {LEGEND.map((tone) => (
            <li key={tone} className="flex items-center gap-1">
              <span className={`size-2.5 rounded-full ${DOT[tone]}`} aria-hidden />
              {tt(`tone.${tone}`)}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-[11px] text-slate-400">{t("month.tapHint")}</p>
      </div>

      {days.map((d) => (
        <dialog
          key={d.date}
          id={`day-${d.date}`}
          aria-labelledby={`day-${d.date}-title`}
          className="mb-0 mt-auto w-full max-w-none rounded-t-2xl bg-white p-0 pb-[env(safe-area-inset-bottom)] text-slate-900 shadow-xl backdrop:bg-slate-900/40"
        >
          <div className="flex items-start justify-between gap-3 px-5 pt-5">
            <div>
              <h2 id={`day-${d.date}-title`} className="text-base font-semibold">{dayTitle(d)}</h2>
              <p className="mt-1 text-[13px] text-slate-500">{[tt(`dayType.${d.dayType}`), d.holidayName].filter(Boolean).join(" · ")}</p>
            </div>
            <form method="dialog">
              <button aria-label={t("sheet.close")} className="-mr-2 -mt-2 flex size-11 items-center justify-center rounded-xl text-slate-400 hover:bg-slate-100 hover:text-slate-600">
                <X className="size-5" />
              </button>
            </form>
          </div>
          <div className="space-y-4 px-5 py-4 text-[14px]" data-testid="day-sheet" data-date={d.date}>
            <section>
              <h3 className="text-[12px] font-medium text-slate-500">{t("sheet.explanation")}</h3>
              <p className="mt-1 text-slate-900" data-testid="day-explanation">
                {d.tone === "future" ? t("sheet.future") : (d.explanation ?? t("sheet.notComputed"))}
              </p>
              {d.statuses.length ? (
                <div className="mt-1.5 flex flex-wrap gap-1">
                  {d.statuses.map((s) => (
                    <span key={s} className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${TONE[toneOfStatus(s)]}`}>
                      {tt(`status.${s}`)}
                    </span>
                  ))}
                </div>
              ) : null}
            </section>
            <section>
              <h3 className="text-[12px] font-medium text-slate-500">{t("sheet.rule")}</h3>
              <p className="mt-1 text-slate-800" data-testid="day-rule">{d.shift ? shiftLine(tt, d.shift) : t("sheet.restRule")}</p>
            </section>
            <section>
              <h3 className="text-[12px] font-medium text-slate-500">{t("sheet.punches")}</h3>
              {d.punches.length ? (
                <ul className="mt-1 divide-y divide-slate-100" data-testid="day-punches">
                  {d.punches.map((p) => (
                    <li key={p.id} className="flex items-center justify-between gap-3 py-1.5">
                      <span className="font-medium tabular-nums text-slate-900">{formatTime(new Date(p.at), ctx)}</span>
                      <span className="min-w-0 flex-1 truncate text-right text-[13px] text-slate-500">
                        {[tt(`source.${p.source}`), p.placeName, p.remark].filter(Boolean).join(" · ")}
                      </span>
                      {p.field ? <span className="rounded-full bg-sky-50 px-1.5 text-[11px] text-sky-700">{t("tag.field")}</span> : null}
                      {p.suspicious ? <span className="rounded-full bg-rose-50 px-1.5 text-[11px] text-rose-700">{t("tag.suspicious")}</span> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-slate-400">{t("sheet.noPunches")}</p>
              )}
            </section>
            {d.leaves.length ? (
              <section>
                <h3 className="text-[12px] font-medium text-slate-500">{t("sheet.leaves")}</h3>
                <ul className="mt-1 space-y-1">
                  {d.leaves.map((l, i) => (
                    <li key={i} className="text-slate-800">
                      {tt(`spanKind.${l.kind}`)}
                      {l.leaveType ? `（${l.leaveType}）` : ""} {formatTime(new Date(l.startsAt), ctx)}–{formatTime(new Date(l.endsAt), ctx)}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {ABNORMAL.has(d.tone) && d.date <= today ? (
              <section className="rounded-xl bg-slate-50 p-3" data-testid="correction-entry">
                <Link href={`/todos/apply/correction?date=${d.date}`} className={buttonVariants({ variant: "outline", block: true })}>
                  {t("correction.apply")}
                </Link>
                <p className="mt-2 text-[12px] leading-5 text-slate-500">{t("correction.hint")}</p>
              </section>
            ) : null}
          </div>
        </dialog>
      ))}
    </CalendarSheets>
  );
}

function toneOfStatus(s: string): DayTone {
  if (s === "normal") return "normal";
  if (s === "late" || s === "serious_late" || s === "early_leave") return "late";
  if (s === "leave" || s === "trip" || s === "field") return "leave";
  if (s === "rest") return "rest";
  return "absent";
}
