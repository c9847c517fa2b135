// The meeting a check-in or check-out (签退) page is about — title, time, place and, for a check-out, its window —
// rendered on the server above the flow (it never changes while the page is open, so it costs the phone no script).
import { Clock, LogOut, MapPin } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { formatTime, formatTimeRange, type FormatContext } from "@/lib/ui/format";
import type { CheckInMeeting } from "./check-in-flow";

export async function MeetingSummaryCard({ meeting, ctx, out }: { meeting: CheckInMeeting; ctx: FormatContext; out: boolean }) {
  const t = await getTranslations("meetings");
  return (
    <Card className="p-4">
      <h2 className="text-[17px] font-semibold text-slate-900" data-testid="checkin-meeting-title">{meeting.title}</h2>
      <p className="mt-1 flex items-center gap-1.5 text-[13px] text-slate-500">
        <Clock className="size-4" aria-hidden /> {formatTimeRange(new Date(meeting.startsAt), new Date(meeting.endsAt), ctx)}
      </p>
      {meeting.locationName ? (
        <p className="mt-0.5 flex items-center gap-1.5 text-[13px] text-slate-500">
          <MapPin className="size-4" aria-hidden /> {meeting.locationName}
        </p>
      ) : null}
      {out && meeting.checkoutOpensAt && meeting.checkoutClosesAt ? (
        <p className="mt-0.5 flex items-center gap-1.5 text-[13px] text-orange-700">
          <LogOut className="size-4" aria-hidden /> {t("checkout.window", { from: formatTime(new Date(meeting.checkoutOpensAt), ctx), to: formatTime(new Date(meeting.checkoutClosesAt), ctx) })}
        </p>
      ) : null}
    </Card>
  );
}
