// 团队考勤 (workbench): the manager's live board for today — expected, present, late, not yet, absent, away — with
// the people behind each and "提醒未打卡". Server-rendered; the live updates and the remind button are one small
// client island (board-live.tsx). Managers see the subtrees they lead, HR and admins everyone.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CalendarOff, Monitor, UsersRound } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { attendanceBoard, type BoardSnapshot } from "@/lib/attendance/board";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formatDay } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { zonedTimeToUtc } from "@/lib/time";
import { BoardFilter } from "../_components/board-filter";
import { BoardLive } from "../_components/board-live";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceBoard"))("title") };
}

const departmentOf = (raw: string | string[] | undefined): number | null => {
  const v = typeof raw === "string" ? raw : undefined;
  return v && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null;
};

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
  return (
    <>
      <TopBar title={t("title")} backHref="/attendance" backLabel={t("back")} />
      <PageBody>
        {board === null ? (
          <Card>
            <EmptyState icon={<UsersRound />} title={t("noTeamTitle")} description={t("noTeamHint")} data-testid="forbidden" />
          </Card>
        ) : (
          <>
            <div className="flex items-baseline justify-between gap-3">
              <p className="text-[15px] font-semibold text-slate-900" data-testid="board-date">
                {t("today", { date: formatDay(zonedTimeToUtc(board.date, "12:00", ctx.timeZone), ctx) })}
              </p>
              <p className="truncate text-[12px] text-slate-500">{board.department?.name ?? (viewer.managedPaths.length && !viewer.roles.has("hr") && !viewer.roles.has("admin") ? t("scopeMine") : t("scopeAll"))}</p>
            </div>
            <BoardFilter action="/attendance/team" departments={board.departments} current={department} labels={{ department: t("department"), all: t("allDepartments"), apply: t("apply") }} />
            {board.counts.expected === 0 ? (
              <Card>
                <EmptyState icon={<CalendarOff />} title={t("emptyTitle")} description={t("emptyHint")} data-testid="board-empty" />
              </Card>
            ) : null}
            <ClientIntl namespaces={["attendanceBoard"]}>
              <BoardLive initial={board} department={department} />
            </ClientIntl>
            <Link href={`/console/attendance/board${department ? `?department=${department}` : ""}`} className="flex items-center justify-center gap-1.5 py-2 text-[13px] text-slate-500">
              <Monitor className="size-4" aria-hidden /> {t("toConsole")}
            </Link>
          </>
        )}
      </PageBody>
    </>
  );
}
