// 考勤看板 (console): the same live board as the phone's 团队考勤, in a wider layout (every bucket's people side by
// side), and the last 7 days' counts as plain CSS bars. Managers see the subtrees they lead, HR and admins everyone;
// a sub-department outside the scope is the not-found page.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CalendarOff } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { attendanceBoard, attendanceBoardWeek, type BoardWeekDay } from "@/lib/attendance/board";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatDay, formatPercent, type FormatContext } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { zonedTimeToUtc } from "@/lib/time";
import { BoardFilter } from "@/app/(workbench)/attendance/_components/board-filter";
import { BoardLive } from "./board-live";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceBoard"))("consoleTitle") };
}

const departmentOf = (raw: string | string[] | undefined): number | null => {
  const v = typeof raw === "string" ? raw : undefined;
  return v && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null;
};

const SEGMENTS = [
  { key: "present", color: "bg-emerald-500" },
  { key: "late", color: "bg-amber-400" },
  { key: "away", color: "bg-sky-400" },
  { key: "absent", color: "bg-rose-500" },
  { key: "not_yet", color: "bg-slate-300" },
] as const;

export default async function ConsoleAttendanceBoardPage({ searchParams }: { searchParams: Promise<{ department?: string | string[] }> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("attendanceBoard");
  const ctx = await formatContext();
  const department = departmentOf((await searchParams).department);
  const db = await getDb();
  let board, week;
  try {
    [board, week] = await Promise.all([
      attendanceBoard(db, viewer, { departmentId: department ?? undefined }),
      attendanceBoardWeek(db, viewer, { departmentId: department ?? undefined }),
    ]);
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-6">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("consoleTitle")}</h1>
          <p className="mt-1 text-sm text-slate-500">
            {t("today", { date: formatDay(zonedTimeToUtc(board.date, "12:00", ctx.timeZone), ctx) })} · {board.department?.name ?? (canSeeEveryone(viewer) ? t("scopeAll") : t("scopeMine"))} · {t("consoleSubtitle")}
          </p>
        </div>
        <div className="w-80">
          <BoardFilter action="/console/attendance/board" departments={board.departments} current={department} labels={{ department: t("department"), all: t("allDepartments"), apply: t("apply") }} />
        </div>
      </div>
      {board.counts.expected === 0 ? (
        <Card>
          <EmptyState icon={<CalendarOff />} title={t("emptyTitle")} description={t("emptyHint")} data-testid="board-empty" />
        </Card>
      ) : null}
      <BoardLive initial={board} department={department} wide />
      <WeekTrend week={week} ctx={ctx} t={t} />
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<"attendanceBoard">>>;

function WeekTrend({ week, ctx, t }: { week: BoardWeekDay[]; ctx: FormatContext; t: T }) {
  const max = Math.max(1, ...week.map((d) => d.counts.expected));
  return (
    <Card className="p-5" data-testid="board-week">
      <div className="flex items-baseline justify-between">
        <h2 className="text-base font-semibold text-slate-900">{t("week")}</h2>
        <p className="text-xs text-slate-500">{t("weekHint")}</p>
      </div>
      <div className="mt-5 grid grid-cols-7 gap-4">
        {week.map((d) => {
          const c = d.counts;
          const done = c.expected - c.not_yet;
          const rate = done > 0 ? (c.present + c.late) / Math.max(1, c.expected - c.away) : null;
          return (
            <div key={d.date} className="flex flex-col items-center" data-testid="board-week-day" data-date={d.date} data-expected={c.expected}>
              <div className="flex h-40 w-full items-end justify-center">
                {c.expected === 0 ? (
                  <span className="pb-2 text-xs text-slate-400">{t("weekRest")}</span>
                ) : (
                  <div className="flex w-10 flex-col-reverse overflow-hidden rounded-md" style={{ height: `${Math.max(6, (c.expected / max) * 100)}%` }} title={`${t("expected")} ${c.expected}`}>
                    {SEGMENTS.map((s) => (c[s.key] ? <div key={s.key} className={s.color} style={{ height: `${(c[s.key] / c.expected) * 100}%` }} title={`${t(`buckets.${s.key}`)} ${c[s.key]}`} /> : null))}
                  </div>
                )}
              </div>
              <p className="mt-2 text-xs font-medium text-slate-700">{formatDay(zonedTimeToUtc(d.date, "12:00", ctx.timeZone), ctx)}</p>
              <p className="text-[11px] tabular-nums text-slate-500">
                {c.expected ? `${t("expected")} ${c.expected} · ${t("buckets.late")} ${c.late} · ${t("buckets.absent")} ${c.absent}` : "\u00a0"}
              </p>
              <p className="text-[11px] text-slate-400">{rate !== null ? t("rate", { rate: formatPercent(rate, ctx.locale) }) : "\u00a0"}</p>
            </div>
          );
        })}
      </div>
      <div className="mt-4 flex flex-wrap gap-4 text-xs text-slate-500">
        {SEGMENTS.map((s) => (
          <span key={s.key} className="flex items-center gap-1.5">
            <span className={`size-2.5 rounded-sm ${s.color}`} aria-hidden /> {t(`buckets.${s.key}`)}
          </span>
        ))}
      </div>
    </Card>
  );
}
