// 考勤 (attendance): the punch clock (today's shift, expected punches and their state, the punch button, today's
// result in one line), my month as a calendar with each day's evidence, and my meeting attendance of the same
// month. Everything is server-rendered except the punch button and the calendar's day sheet.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarX2, ChevronLeft, ChevronRight, UsersRound, Users } from "lucide-react";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { myAttendanceMonth, myToday, type MyToday } from "@/lib/attendance/my-attendance";
import { requireViewer } from "@/lib/auth/session";
import { monthParam, myMonth, type Standing } from "@/lib/meetings/my-month";
import { formatDay, formatPercent, formatTime, type FormatContext } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { zonedTimeToUtc } from "@/lib/time";
import { StatusBadge } from "../meetings/_components/status-badge";
import { ClientIntl } from "@/components/shell/client-intl";
import { MonthCalendar } from "./_components/month-calendar";
import { PunchClock } from "./_components/punch-clock";
import { shiftLine } from "./_components/shift-line";

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
  const tp = await getTranslations("punch");
  const tb = await getTranslations("attendanceBoard");
  const data = await myMonth(db, viewer, badMonth ? undefined : asked);
  const [today, month] = await Promise.all([myToday(db, viewer), myAttendanceMonth(db, viewer, data.month)]);
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
        <TodayCard today={today} t={tp} ctx={ctx} />

        {viewer.managedPaths.length > 0 || viewer.roles.has("hr") || viewer.roles.has("admin") ? (
          <Link href="/attendance/team" className="flex items-center gap-3 rounded-2xl border border-slate-200/80 bg-white px-4 py-3 active:bg-slate-50" data-testid="open-team-board">
            <span className="flex size-9 items-center justify-center rounded-xl bg-brand-50 text-brand-600">
              <UsersRound className="size-5" aria-hidden />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block text-[15px] font-medium text-slate-900">{tb("openBoard")}</span>
              <span className="block truncate text-[12px] text-slate-500">{tb("openBoardHint")}</span>
            </span>
            <ChevronRight className="size-5 text-slate-400" aria-hidden />
          </Link>
        ) : null}

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

        <Card className="p-4" data-testid="attendance-month">
          <MonthCalendar days={month.days} today={month.today} ctx={ctx} />
        </Card>

        <SectionHeader title={tp("meetings")} />
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
      </PageBody>
    </>
  );
}

const locale = (ctx: FormatContext) => ctx.locale;

type PunchT = Awaited<ReturnType<typeof getTranslations<"punch">>>;

const SLOT_TONE = { done: "text-emerald-700", open: "text-brand-600", upcoming: "text-slate-400", missing: "text-rose-600", covered: "text-sky-700" } as const;

/** Today: date and day type, the shift, the expected punches with their state, the punch button, the result. */
function TodayCard({ today, t, ctx }: { today: MyToday; t: PunchT; ctx: FormatContext }) {
  const tt = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const dateLabel = formatDay(zonedTimeToUtc(today.date, "12:00", ctx.timeZone), ctx);
  // While a window is still open the engine's line (computed without a clock) would call it missing: say what is done and what is due.
  const inProgress = today.slots.some((s) => s.state === "open" || s.state === "upcoming") && today.slots.some((s) => s.state === "done");
  return (
    <Card className="p-4" data-testid="punch-today" data-date={today.date}>
      <div className="flex items-baseline justify-between gap-3">
        <p className="text-[15px] font-semibold text-slate-900">
          {dateLabel}
          <span className="ml-2 text-[13px] font-normal text-slate-500">{[t(`dayType.${today.dayType}` as "dayType.workday"), today.holidayName].filter(Boolean).join(" · ")}</span>
        </p>
        {today.group ? (
          <span className="flex shrink-0 items-center gap-1 text-[12px] text-slate-500">
            <Users className="size-3.5" aria-hidden /> {today.group.name}
          </span>
        ) : null}
      </div>
      {today.group === null ? (
        <EmptyState icon={<CalendarX2 />} title={t("noGroup")} description={t("noGroupHint")} data-testid="punch-no-group" />
      ) : (
        <>
          <p className="mt-1 text-[13px] text-slate-500" data-testid="today-shift">
            {today.shift ? shiftLine(tt, today.shift) : t("restToday")}
          </p>
          {today.slots.length ? (
            <ul className="mt-3 grid grid-cols-2 gap-2" data-testid="today-slots">
              {today.slots.map((s) => (
                <li key={s.index} className="rounded-xl bg-slate-50 px-3 py-2.5" data-testid="today-slot" data-kind={s.kind} data-state={s.state}>
                  <p className="text-[12px] text-slate-500">
                    {t(`slot.${s.kind}`)} {formatTime(new Date(s.expectedAt), ctx)}
                  </p>
                  <p className={`mt-0.5 text-[14px] font-medium ${SLOT_TONE[s.state]}`}>
                    {s.state === "done"
                      ? t("slotState.done", { time: formatTime(new Date(s.punchedAt!), ctx) })
                      : s.state === "covered"
                        ? t(`status.${s.status}` as "status.leave")
                        : t(`slotState.${s.state}`)}
                    {s.state === "done" && s.status !== "normal" && s.status !== "pending" ? (
                      <span className="ml-1 text-[12px] text-amber-700">{t(`status.${s.status}` as "status.late")}</span>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-3 rounded-xl bg-slate-50 px-3 py-2.5 text-[13px] text-slate-500">{t("restHint")}</p>
          )}
          <ClientIntl namespaces={["punch"]}>
            <PunchClock
              nextKind={today.nextKind}
              places={today.group.places}
              fieldAllowed={today.group.fieldAllowed}
              buttons={{ retry: buttonVariants({ variant: "outline", size: "sm" }), fieldOffer: buttonVariants({ variant: "secondary" }) }}
            />
          </ClientIntl>
          <p className="mt-1 border-t border-slate-100 pt-3 text-[13px] text-slate-600" data-testid="today-explanation">
            <span className="mr-2 text-slate-400">{t("resultLabel")}</span>
            {inProgress
              ? today.slots
                  .map((s) =>
                    s.state === "done"
                      ? `${t(`slot.${s.kind}`)} ${formatTime(new Date(s.punchedAt!), ctx)} ${t(`status.${s.status}` as "status.normal")}`
                      : `${t(`slot.${s.kind}`)} ${s.state === "covered" ? t(`status.${s.status}` as "status.leave") : t(`slotState.${s.state}`)}`,
                  )
                  .join(locale(ctx) === "en" ? "; " : "；")
              : (today.explanation ?? t("noResult"))}
          </p>
        </>
      )}
    </Card>
  );
}
