// 考勤 (attendance): my meeting attendance month by month — the rate, the counts, and each meeting with my status.
// Punch-clock rules, shifts and corrections arrive in a later release; the page says so and invents nothing.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarClock, CalendarX2, ChevronLeft, ChevronRight } from "lucide-react";
import { LaterNotice } from "@/components/shell/later-notice";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { monthParam, myMonth, type Standing } from "@/lib/meetings/my-month";
import { formatDay, formatPercent, formatTime, type FormatContext } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { zonedTimeToUtc } from "@/lib/time";
import { StatusBadge } from "../meetings/_components/status-badge";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("attendance");
  return { title: t("title") };
}

const COUNT_TONE = { on_time: "text-emerald-600", late: "text-amber-600", early_leave: "text-amber-600", absent: "text-rose-600", on_leave: "text-slate-600" } as const;

function monthLabel(month: string, ctx: FormatContext): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(ctx.locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
}

export default async function AttendancePage({ searchParams }: { searchParams: Promise<{ month?: string | string[] }> }) {
  const viewer = await requireViewer();
  const db = await getDb();
  const t = await getTranslations("attendance");
  const tm = await getTranslations("meetings");
  const ctx = await formatContext();
  const raw = (await searchParams).month;
  const asked = typeof raw === "string" ? raw : undefined;
  const badMonth = asked !== undefined && !monthParam.safeParse(asked).success;
  const data = await myMonth(db, viewer, badMonth ? undefined : asked);
  const label = monthLabel(data.month, ctx);
  const all = data.totals.final + data.totals.notYet;

  const standingBadge = (s: Standing) =>
    s === "upcoming" || s === "ongoing" || s === "awaiting" ? (
      <Badge tone={s === "ongoing" ? "brand" : "neutral"} data-testid="status-badge" data-status={s}>
        {t(`standing.${s}`)}
      </Badge>
    ) : (
      <StatusBadge status={s} />
    );

  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        {badMonth ? (
          <p role="alert" className="rounded-xl bg-amber-50 px-4 py-3 text-[13px] text-amber-800" data-testid="bad-month">
            {t("badMonth")}
          </p>
        ) : null}

        <nav className="flex items-center justify-between" aria-label={label} data-testid="month-nav">
          <Link href={`/attendance?month=${data.prevMonth}`} aria-label={t("prevMonth")} className="flex size-11 items-center justify-center rounded-xl text-slate-600 active:bg-slate-100">
            <ChevronLeft className="size-5" />
          </Link>
          <div className="text-center">
            <p className="text-[16px] font-semibold text-slate-900" data-testid="month-label">{label}</p>
            {!data.isCurrent ? (
              <Link href="/attendance" className="text-xs text-brand-600">
                {t("thisMonth")}
              </Link>
            ) : null}
          </div>
          {data.nextMonth ? (
            <Link href={`/attendance?month=${data.nextMonth}`} aria-label={t("nextMonth")} className="flex size-11 items-center justify-center rounded-xl text-slate-600 active:bg-slate-100">
              <ChevronRight className="size-5" />
            </Link>
          ) : (
            <span className="flex size-11 items-center justify-center text-slate-300" aria-hidden>
              <ChevronRight className="size-5" />
            </span>
          )}
        </nav>

        {all === 0 ? (
          <Card>
            <EmptyState
              icon={<CalendarX2 />}
              title={t("empty")}
              description={t("emptyHint")}
              data-testid="attendance-empty"
              action={
                <Link href="/meetings" className={buttonVariants({ variant: "secondary" })}>
                  {t("toMeetings")}
                </Link>
              }
            />
          </Card>
        ) : (
          <>
            <Card className="p-5" data-testid="attendance-summary">
              <div className="flex items-end justify-between gap-4">
                <div>
                  <p className="text-[13px] font-medium text-slate-500">{t("rate")}</p>
                  <p className="mt-2 text-[34px] font-semibold leading-none tracking-tight text-slate-900 tabular-nums" data-testid="attendance-rate">
                    {data.totals.attendanceRate === null ? t("noRate") : formatPercent(data.totals.attendanceRate, ctx.locale)}
                  </p>
                </div>
                {data.totals.latenessRate !== null ? (
                  <p className="pb-1 text-[13px] text-slate-500">{t("lateness", { rate: formatPercent(data.totals.latenessRate, ctx.locale) })}</p>
                ) : null}
              </div>
              <p className="mt-3 text-[13px] text-slate-600">{t("summary", { month: label, count: all, final: data.totals.final })}</p>
              <dl className="mt-4 grid grid-cols-5 gap-1 border-t border-slate-100 pt-4 text-center">
                {(["on_time", "late", "early_leave", "absent", "on_leave"] as const).map((s) => (
                  <div key={s} data-testid={`count-${s}`}>
                    <dd className={`text-[20px] font-semibold tabular-nums ${data.totals[s] ? COUNT_TONE[s] : "text-slate-300"}`}>{data.totals[s]}</dd>
                    <dt className="mt-0.5 text-xs text-slate-500">{t(`counts.${s}`)}</dt>
                  </div>
                ))}
              </dl>
              <p className="mt-3 text-[11px] leading-4 text-slate-400">{t("rateHint")}</p>
            </Card>

            <section className="space-y-2">
              <SectionHeader title={t("details")} />
              <Card className="divide-y divide-slate-100" data-testid="attendance-days">
                {data.days.map((d) => (
                  <div key={d.date}>
                    <p className="bg-slate-50/70 px-4 py-1.5 text-xs font-medium text-slate-500">{formatDay(zonedTimeToUtc(d.date, "12:00", ctx.timeZone), ctx)}</p>
                    {d.items.map((it) => (
                      <Link key={it.meetingId} href={`/meetings/${it.meetingId}`} className="flex items-center gap-3 px-4 py-3 active:bg-slate-50" data-testid="attendance-item">
                        <div className="min-w-0 flex-1">
                          <p className="truncate text-[14px] text-slate-900">{it.title}</p>
                          <p className="truncate text-xs text-slate-500">
                            {formatTime(it.startsAt, ctx)}–{formatTime(it.endsAt, ctx)}
                            {it.checkedInAt ? ` · ${t("checkedInAt", { time: formatTime(it.checkedInAt, ctx) })}` : ""}
                            {it.method ? ` · ${tm(`method.${it.method}`)}` : ""}
                          </p>
                        </div>
                        {standingBadge(it.standing)}
                      </Link>
                    ))}
                  </div>
                ))}
              </Card>
            </section>
          </>
        )}

        <LaterNotice icon={<CalendarClock />} title={t("laterTitle")} hint={t("laterHint")} />
      </PageBody>
    </>
  );
}
