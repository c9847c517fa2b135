// 会议: today, upcoming, my history; organisers create meetings here.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarCheck, History, Plus } from "lucide-react";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { myHistory, myMeetings } from "@/lib/meetings/queries";
import { formatDate, formatTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { MeetingCard } from "./_components/meeting-card";
import { StatusBadge } from "./_components/status-badge";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("meetings"))("title") };
}

export default async function MeetingsPage() {
  const viewer = await requireViewer();
  const db = await getDb();
  const t = await getTranslations("meetings");
  const ctx = await formatContext();
  const [{ today, upcoming }, history] = await Promise.all([myMeetings(db, viewer), myHistory(db, viewer, { limit: 20 })]);
  return (
    <>
      <TopBar
        title={t("title")}
        right={
          <Link href="/meetings/new" aria-label={t("new")} data-testid="new-meeting" className="flex size-11 items-center justify-center rounded-xl text-brand-600 active:bg-slate-100">
            <Plus className="size-6" />
          </Link>
        }
      />
      <PageBody>
        <section className="space-y-2">
          <SectionHeader title={t("today")} />
          {today.length ? today.map((m) => <MeetingCard key={m.id} m={m} ctx={ctx} />) : (
            <Card><EmptyState icon={<CalendarCheck />} title={t("noToday")} description={t("noTodayHint")} /></Card>
          )}
        </section>
        <section className="space-y-2">
          <SectionHeader title={t("upcoming")} />
          {upcoming.length ? upcoming.map((m) => <MeetingCard key={m.id} m={m} ctx={ctx} showDay />) : (
            <Card><p className="px-4 py-5 text-center text-[13px] text-slate-500">{t("noUpcoming")}</p></Card>
          )}
        </section>
        <section className="space-y-2">
          <SectionHeader title={t("history")} />
          <Card className="divide-y divide-slate-100">
            {history.length ? history.map((h) => (
              <Link key={h.meetingId} href={`/meetings/${h.meetingId}`} className="flex items-center gap-3 px-4 py-3 active:bg-slate-50">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-[14px] text-slate-900">{h.title}</p>
                  <p className="text-xs text-slate-500">{formatDate(h.startsAt, ctx)} {formatTime(h.startsAt, ctx)}{h.method ? ` · ${t(`method.${h.method}`)}` : ""}</p>
                </div>
                <StatusBadge status={h.status} />
              </Link>
            )) : <EmptyState icon={<History />} title={t("noHistory")} />}
          </Card>
        </section>
      </PageBody>
    </>
  );
}
