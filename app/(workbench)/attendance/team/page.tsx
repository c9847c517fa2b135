// 团队考勤 (workbench): the manager's live board for today — expected, present, late, not yet, absent, away — with
// the people behind each and "提醒未打卡". Server-rendered (tiles, lists as <details>, no JavaScript for them); two
// small client islands: BoardRefresh (the board's SSE stream → router.refresh when a punch moves the version) and
// RemindButton. Managers see the subtrees they lead, HR and admins everyone; ?department narrows to a
// sub-department inside that scope (outside: the not-found page).
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CalendarOff, Monitor, UsersRound } from "lucide-react";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { attendanceBoard, type BoardPerson, type BoardSnapshot } from "@/lib/attendance/board";
import { EXPECTED_BUCKETS, type ExpectedBucket } from "@/lib/attendance/board-buckets";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatDay, formatTime, type FormatContext } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { zonedTimeToUtc } from "@/lib/time";
import { BoardFilter } from "../_components/board-filter";
import { BoardRefresh } from "../_components/board-refresh";
import { RemindButton } from "../_components/remind-button";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceBoard"))("title") };
}

/** Rows per bucket on the phone (the counts are complete; the console lists more). */
const PHONE_ROWS = 60;
const TONE: Record<ExpectedBucket, string> = { present: "text-emerald-600", late: "text-amber-600", not_yet: "text-slate-700", absent: "text-rose-600", away: "text-sky-700" };
const DOT: Record<ExpectedBucket, string> = { present: "bg-emerald-500", late: "bg-amber-500", not_yet: "bg-slate-400", absent: "bg-rose-500", away: "bg-sky-500" };

const departmentOf = (raw: string | string[] | undefined): number | null => {
  const v = typeof raw === "string" ? raw : undefined;
  return v && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null;
};

type T = Awaited<ReturnType<typeof getTranslations<"attendanceBoard">>>;

export default async function TeamAttendancePage({ searchParams }: { searchParams: Promise<{ department?: string | string[] }> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("attendanceBoard");
  const ctx = await formatContext();
  const department = departmentOf((await searchParams).department);
  const db = await getDb();
  let board: BoardSnapshot | null = null;
  try {
    board = await attendanceBoard(db, viewer, { departmentId: department ?? undefined });
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    if (!(e instanceof AppError && e.status === 403)) throw e;
  }
  if (board === null) {
    return (
      <>
        <TopBar title={t("title")} backHref="/attendance" backLabel={t("back")} />
        <PageBody>
          <Card>
            <EmptyState icon={<UsersRound />} title={t("noTeamTitle")} description={t("noTeamHint")} data-testid="forbidden" />
          </Card>
        </PageBody>
      </>
    );
  }
  const c = board.counts;
  const scopeLabel = board.department?.name ?? (canSeeEveryone(viewer) ? t("scopeAll") : t("scopeMine"));
  return (
    <>
      <TopBar title={t("title")} backHref="/attendance" backLabel={t("back")} />
      <PageBody>
        <div className="flex items-baseline justify-between gap-3">
          <p className="shrink-0 whitespace-nowrap text-[15px] font-semibold text-slate-900" data-testid="board-date">
            {t("today", { date: formatDay(zonedTimeToUtc(board.date, "12:00", ctx.timeZone), ctx) })}
          </p>
          <p className="truncate text-[12px] text-slate-500">{scopeLabel}</p>
        </div>
        <BoardFilter action="/attendance/team" departments={board.departments} current={department} labels={{ department: t("department"), all: t("allDepartments"), apply: t("apply") }} />
        <div className="space-y-3" data-testid="board" data-date={board.date} data-version={board.version}>
          <Card className="space-y-3 p-4">
            <div className="flex items-center justify-between">
              <BoardRefresh
                version={board.version}
                department={department}
                labels={{ live: t("updatedAt", { time: formatTime(new Date(board.generatedAt), ctx) }), connecting: t("connecting"), lost: t("reconnecting") }}
              />
              <span className="text-xs text-slate-400">{t("rest", { count: c.rest })}</span>
            </div>
            <div className="grid grid-cols-3 gap-2">
              <div className="rounded-xl bg-slate-50 p-2.5 text-center" data-testid="board-count-expected" data-count={c.expected}>
                <p className="text-[22px] font-semibold tabular-nums text-slate-900">{c.expected}</p>
                <p className="text-[12px] text-slate-500">{t("expected")}</p>
              </div>
              {EXPECTED_BUCKETS.map((b) => (
                <a key={b} href={`#bucket-${b}`} className="rounded-xl bg-slate-50 p-2.5 text-center active:bg-slate-100" data-testid={`board-count-${b}`} data-count={c[b]}>
                  <p className={`text-[22px] font-semibold tabular-nums ${c[b] ? TONE[b] : "text-slate-300"}`}>{c[b]}</p>
                  <p className="text-[12px] text-slate-500">{t(`buckets.${b}`)}</p>
                </a>
              ))}
            </div>
          </Card>
          {c.expected === 0 ? (
            <Card>
              <EmptyState icon={<CalendarOff />} title={t("emptyTitle")} description={t("emptyHint")} data-testid="board-empty" />
            </Card>
          ) : (
            <RemindButton
              department={department}
              count={board.remindable}
              labels={{
                button: board.remindable ? t("remindCount", { count: board.remindable }) : t("remind"),
                busy: t("reminding"),
                done: t("remindSent", { queued: "{queued}" }),
                skipped: t("remindSkipped", { skipped: "{skipped}" }),
                none: t("remindNone"),
                failed: t("remindFailed"),
                hint: t("remindHint"),
              }}
            />
          )}
          {c.expected > 0
            ? EXPECTED_BUCKETS.map((b) => (
                <details key={b} id={`bucket-${b}`} open={b !== "present" || c.present <= 12} className="group scroll-mt-16 overflow-hidden rounded-2xl border border-slate-200/80 bg-white">
                  <summary className="flex cursor-pointer list-none items-center justify-between px-4 py-3 text-[14px] font-medium text-slate-800">
                    <span className="shrink-0">
                      {t(`buckets.${b}`)} <span className={`ml-1 tabular-nums ${TONE[b]}`}>{c[b]}</span>
                    </span>
                    <span className="ml-3 min-w-0 truncate text-[12px] font-normal text-slate-400">{t(`bucketHints.${b}`)}</span>
                  </summary>
                  <PeopleList bucket={b} people={board.people[b]} total={c[b]} t={t} ctx={ctx} />
                </details>
              ))
            : null}
        </div>
        <Link prefetch={false} href={`/console/attendance/board${department ? `?department=${department}` : ""}`} className="flex items-center justify-center gap-1.5 py-2 text-[13px] text-slate-500">
          <Monitor className="size-4" aria-hidden /> {t("toConsole")}
        </Link>
      </PageBody>
    </>
  );
}

function detail(t: T, ctx: FormatContext, b: ExpectedBucket, p: BoardPerson): string {
  const time = (iso: string | null) => (iso ? formatTime(new Date(iso), ctx) : "");
  if (b === "present") return t("punchedAt", { time: time(p.punchedAt) });
  if (b === "late") return `${t("punchedAt", { time: time(p.punchedAt) })} · ${t("lateBy", { minutes: p.lateMinutes })}`;
  if (b === "not_yet") return p.dueAt ? t("dueAt", { time: time(p.dueAt) }) : "";
  if (b === "absent") return p.dueAt ? t("overdue", { time: time(p.dueAt) }) : "";
  return [p.awayKind ? t(`away.${p.awayKind}`) : "", p.leaveType ?? ""].filter(Boolean).join(" · ");
}

function PeopleList({ bucket, people, total, t, ctx }: { bucket: ExpectedBucket; people: BoardPerson[]; total: number; t: T; ctx: FormatContext }) {
  const shown = people.slice(0, PHONE_ROWS);
  return (
    <ul className="divide-y divide-slate-100 border-t border-slate-100" data-testid={`board-list-${bucket}`}>
      {shown.length === 0 ? <li className="px-4 py-3 text-[13px] text-slate-400">{t("nobody")}</li> : null}
      {shown.map((p) => (
        <li key={p.id} className="flex items-center gap-3 px-4 py-2.5" data-testid="board-person" data-employee-no={p.employeeNo} data-bucket={bucket}>
          <span className={`size-2 shrink-0 rounded-full ${DOT[bucket]}`} aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="truncate text-[14px] text-slate-900">
              {p.name}
              {p.field ? <span className="ml-1.5 rounded bg-sky-50 px-1 text-[11px] text-sky-700">{t("fieldTag")}</span> : null}
            </p>
            <p className="truncate text-xs text-slate-500">{[p.department, p.shiftName].filter(Boolean).join(" · ")}</p>
          </div>
          <span className={`shrink-0 text-xs ${bucket === "absent" ? "text-rose-600" : bucket === "late" ? "text-amber-700" : "text-slate-500"}`}>{detail(t, ctx, bucket, p)}</span>
        </li>
      ))}
      {total > shown.length ? <li className="px-4 py-2 text-xs text-slate-400">{t("more", { count: total - shown.length })}</li> : null}
    </ul>
  );
}
