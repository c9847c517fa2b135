// Today's meetings on the workbench home: each with my status, and a big check-in button while the window is open.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarCheck, ChevronRight } from "lucide-react";
import { SectionHeader } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { myMeetings } from "@/lib/meetings/queries";
import { formatContext } from "@/lib/ui/server";
import { MeetingCard } from "../meetings/_components/meeting-card";

export async function TodayMeetings({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("home");
  const tm = await getTranslations("meetings");
  const ctx = await formatContext();
  const { today } = await myMeetings(await getDb(), viewer, { days: 1 });
  return (
    <section aria-labelledby="today-meetings" className="space-y-2" data-testid="today-meetings">
      <SectionHeader
        title={<span id="today-meetings">{t("todayMeetings")}</span>}
        action={
          <Link href="/meetings" className="-mr-2 flex h-11 items-center gap-0.5 px-2 text-[13px] text-slate-500 active:text-slate-700">
            {t("allMeetings")}
            <ChevronRight className="size-4" />
          </Link>
        }
      />
      {today.length === 0 ? (
        <Card>
          <EmptyState icon={<CalendarCheck />} title={tm("noToday")} description={tm("noTodayHint")} />
        </Card>
      ) : (
        <div className="space-y-3">
          {today.map((m) => (
            <MeetingCard key={m.id} m={m} ctx={ctx} />
          ))}
        </div>
      )}
    </section>
  );
}
