// A meeting: details and my status for everyone; for the organiser (and HR) the live view, QR display,
// manual marks, import and export.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CalendarOff, Clock, LogOut, MapPin, Repeat, UserRound, Video } from "lucide-react";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { employees, meetingSeries } from "@/db/schema";
import { eq } from "drizzle-orm";
import { requireViewer } from "@/lib/auth/session";
import { consoleScope } from "@/lib/ui/console-access";
import { AppError } from "@/lib/errors";
import { excuseRefusal } from "@/lib/meetings/excuses";
import { getMeeting, meetingForCheckIn } from "@/lib/meetings/queries";
import { formatDay, formatTime, formatTimeRange } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { StatusBadge } from "../_components/status-badge";
import { parseId } from "@/lib/validation";

export const dynamic = "force-dynamic";

/**
 * The organiser's section, imported only for a viewer who may manage the meeting: its client components (live
 * view, adopt and import panels) then load only for them, not for every employee who opens the meeting (issue 12).
 */
async function manageSection(db: Awaited<ReturnType<typeof getDb>>, m: Parameters<typeof import("./manage-section").ManageSection>[0]["meeting"]) {
  const { ManageSection } = await import("./manage-section");
  return <ManageSection db={db} meeting={m} />;
}

export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound(); // "1e3", "99999999999999999999": not ids, never a query
  const db = await getDb();
  let found;
  try {
    found = await getMeeting(db, viewer, id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  const { meeting: m, canManage } = found;
  const t = await getTranslations("meetings");
  const tc = await getTranslations("common");
  const ctx = await formatContext();
  const mine = await meetingForCheckIn(db, viewer, id);
  const [series] = m.seriesId ? await db.select({ count: meetingSeries.count, frequency: meetingSeries.frequency }).from(meetingSeries).where(eq(meetingSeries.id, m.seriesId)) : [];
  const [organiser] = m.organizerId ? await db.select({ name: employees.name }).from(employees).where(eq(employees.id, m.organizerId)) : [];
  const mayCheckIn = !!mine && (mine.invited || !mine.inviteOnly);
  const canCheckIn = mayCheckIn && mine.windowOpen && !mine.checkedInAt;
  // 签退: offered in its window to whoever checked in and has not checked out.
  const canCheckOut = !!mine && mine.checkoutRequired && mine.checkoutOpen && !!mine.checkedInAt && !mine.checkedOutAt;
  // 会议请假 / 缺席说明: a plain link to the apply page for an invitee who may still file one (no client code here).
  const now = new Date();
  const excuse =
    mine?.invited && m.organizerId !== viewer.employeeId
      ? excuseRefusal({ meeting: m, invited: true, excused: mine.myStatus === "on_leave", attendance: mine.myStatus ? { status: mine.myStatus, checkedInAt: mine.checkedInAt ? new Date(mine.checkedInAt) : null } : null }, now) === null
        ? (m.startsAt > now ? "before" : "after")
        : null
      : null;
  return (
    <>
      <TopBar title={m.title} backHref="/meetings" backLabel={t("title")} />
      <PageBody>
        <Card className="space-y-2 p-4">
          <h2 className="text-lg font-semibold text-slate-900" data-testid="meeting-title">{m.title}</h2>
          <p className="flex items-center gap-2 text-[14px] text-slate-600"><Clock className="size-4 text-slate-400" aria-hidden />{formatDay(m.startsAt, ctx)} {formatTimeRange(m.startsAt, m.endsAt, ctx)}</p>
          {m.locationName ? <p className="flex items-center gap-2 text-[14px] text-slate-600"><MapPin className="size-4 text-slate-400" aria-hidden />{m.locationName}{m.radiusMeters ? ` · ${t("detail.fence", { radius: m.radiusMeters })}` : ""}</p> : null}
          {organiser ? <p className="flex items-center gap-2 text-[14px] text-slate-600"><UserRound className="size-4 text-slate-400" aria-hidden />{t("detail.organiser")}{tc("colon")}{organiser.name}</p> : null}
          {m.videoMeetingId ? <p className="flex items-center gap-2 text-[14px] text-slate-600"><Video className="size-4 text-slate-400" aria-hidden />{t("detail.video", { id: m.videoMeetingId })}</p> : null}
          <p className="rounded-xl bg-slate-50 px-3 py-2 text-xs leading-5 text-slate-500">{t("detail.thresholds", { open: m.openBeforeMinutes, late: m.lateAfterMinutes, early: m.earlyLeaveMinutes })}</p>
          {series ? (
            <p className="flex items-center justify-between gap-2 text-[13px] text-slate-600" data-testid="series-badge">
              <span className="flex items-center gap-2"><Repeat className="size-4 text-slate-400" aria-hidden />{t("series.badge", { frequency: t(`series.${series.frequency}`), index: m.seriesIndex ?? "—", count: series.count })}</span>
              {consoleScope(viewer) ? <Link href={`/console/meetings/series/${m.seriesId}`} className="text-brand-600" data-testid="series-report-link">{t("series.report")}</Link> : null}
            </p>
          ) : null}
          {m.checkoutRequired ? (
            <p className="flex items-start gap-2 rounded-xl bg-orange-50 px-3 py-2 text-xs leading-5 text-orange-800" data-testid="checkout-rule">
              <LogOut className="mt-0.5 size-3.5 shrink-0" aria-hidden />
              {t("checkout.detail", { before: m.checkoutOpensBeforeEndMinutes, after: m.checkoutClosesAfterEndMinutes })}
            </p>
          ) : null}
        </Card>

        {mine && (mine.myStatus || canCheckIn || (mayCheckIn && !canManage)) ? (
          <Card className="flex items-center justify-between gap-3 p-4" data-testid="my-status">
            <div>
              <p className="text-[13px] text-slate-500">{t("detail.myStatus")}</p>
              {mine.checkedInAt ? <p className="text-sm text-slate-700">{t("detail.checkedInAt", { time: formatTime(new Date(mine.checkedInAt), ctx) })}</p> : null}
              {mine.checkedOutAt ? <p className="text-sm text-slate-700" data-testid="my-checked-out">{t("checkout.checkedOutAt", { time: formatTime(new Date(mine.checkedOutAt), ctx) })}</p> : null}
            </div>
            {canCheckOut ? (
              <Link href={`/checkin?m=${m.id}&a=out`} className="flex h-12 shrink-0 items-center gap-2 rounded-xl bg-orange-600 px-5 text-[16px] font-semibold text-white active:bg-orange-700" data-testid="big-checkout">
                <LogOut className="size-5" aria-hidden /> {t("checkout.action")}
              </Link>
            ) : canCheckIn ? (
              <Link href={`/checkin?m=${m.id}`} className="flex h-12 items-center gap-2 rounded-xl bg-brand-500 px-5 text-[16px] font-semibold text-white active:bg-brand-700" data-testid="big-checkin">
                {t("checkIn")}
              </Link>
            ) : (
              <StatusBadge status={(mine.myStatus as "on_time") ?? null} />
            )}
          </Card>
        ) : null}

        {excuse ? (
          <Link href={`/todos/apply/meeting-excuse?m=${m.id}`} className="flex h-11 items-center justify-center gap-2 rounded-xl border border-slate-200 bg-white text-[15px] font-medium text-slate-700 active:bg-slate-50" data-testid="meeting-excuse-link">
            <CalendarOff className="size-4 text-slate-500" aria-hidden /> {(await getTranslations("meetingExcuse"))(`pageAction.${excuse}`)}
          </Link>
        ) : null}

        {canManage ? await manageSection(db, m) : null}
      </PageBody>
    </>
  );
}
