// A meeting in the workbench lists: time, title, place, my status, and a big check-in button when open.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ChevronRight, Clock, LogOut, MapPin, ScanLine } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { MyMeeting } from "@/lib/meetings/queries";
import { formatDay, formatTime, formatTimeRange, type FormatContext } from "@/lib/ui/format";
import { StatusBadge } from "./status-badge";

export async function MeetingCard({ m, ctx, showDay }: { m: MyMeeting; ctx: FormatContext; showDay?: boolean }) {
  const t = await getTranslations("meetings");
  const start = new Date(m.startsAt);
  const canCheckIn = m.windowOpen && !m.checkedInAt && m.myStatus !== "on_leave";
  const canCheckOut = m.checkoutOpen && !!m.checkedInAt && !m.checkedOutAt;
  return (
    <Card className="overflow-hidden" data-testid="meeting-card" data-meeting-id={m.id}>
      <Link href={`/meetings/${m.id}`} className="flex items-start gap-3 px-4 py-3.5 active:bg-slate-50">
        <div className="w-14 shrink-0 text-center">
          <p className="text-lg font-semibold tabular-nums text-slate-900">{formatTime(start, ctx)}</p>
          {showDay ? <p className="text-[11px] text-slate-500">{formatDay(start, ctx)}</p> : null}
        </div>
        <div className="min-w-0 flex-1">
          <p className="truncate text-[15px] font-medium text-slate-900">{m.title}</p>
          <p className="mt-0.5 flex items-center gap-1 text-xs text-slate-500">
            <Clock className="size-3.5" aria-hidden /> {formatTimeRange(start, new Date(m.endsAt), ctx)}
          </p>
          {m.locationName ? (
            <p className="mt-0.5 flex items-center gap-1 truncate text-xs text-slate-500">
              <MapPin className="size-3.5 shrink-0" aria-hidden /> <span className="truncate">{m.locationName}</span>
            </p>
          ) : null}
          <div className="mt-2 flex flex-wrap gap-1.5">
            {m.checkedInAt || (m.myStatus && m.myStatus !== "pending") ? <StatusBadge status={m.myStatus as "on_time"} /> : null}
            {m.organizer ? <Badge tone="brand">{t("organiserBadge")}</Badge> : null}
            {!m.windowOpen && !m.checkedInAt && new Date(m.opensAt) > new Date() ? (
              <Badge tone="neutral">{t("opensAt", { time: formatTime(new Date(m.opensAt), ctx) })}</Badge>
            ) : null}
          </div>
        </div>
        <ChevronRight className="mt-1 size-5 shrink-0 text-slate-300" aria-hidden />
      </Link>
      {canCheckIn ? (
        <div className="px-4 pb-4">
          <Link
            href={`/checkin?m=${m.id}`}
            data-testid="big-checkin"
            className="flex h-14 w-full items-center justify-center gap-2 rounded-2xl bg-brand-500 text-lg font-semibold text-white shadow-md shadow-brand-500/25 active:bg-brand-700"
          >
            <ScanLine className="size-6" aria-hidden /> {t("checkIn")}
          </Link>
        </div>
      ) : canCheckOut ? (
        <div className="px-4 pb-4">
          <Link
            href={`/checkin?m=${m.id}&a=out`}
            data-testid="big-checkout"
            className="flex h-14 w-full items-center justify-center gap-2 rounded-2xl bg-orange-600 text-lg font-semibold text-white shadow-md shadow-orange-600/25 active:bg-orange-700"
          >
            <LogOut className="size-6" aria-hidden /> {t("checkout.action")}
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
