// The organiser's part of the meeting page (QR, export, edit, adopt, live view, import), rendered only when the
// viewer may manage the meeting; its client components come through manage-client.tsx, so they are fetched only
// then and are not in the bundle of every employee who opens a meeting (issue 12).
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogOut, QrCode, Radar } from "lucide-react";
import type { Db } from "@/db/client";
import type { MeetingRow } from "@/lib/meetings/mutations";
import { ClientIntl } from "@/components/shell/client-intl";
import { EditMeetingLink } from "@/components/meetings-ui/edit-meeting-link";
import { inviteeCount, isVideoCreated } from "@/lib/meetings/adopt";
import { excusesOfMeeting } from "@/lib/meetings/excuses";
import { liveViewUnscoped } from "@/lib/meetings/queries";
import { AdoptPanel, ImportPanel, LiveView } from "./manage-client";

export async function ManageSection({ db, meeting: m }: { db: Db; meeting: MeetingRow }) {
  const t = await getTranslations("meetings");
  const initial = await liveViewUnscoped(db, m);
  const te = await getTranslations("meetingExcuse");
  const excused = await excusesOfMeeting(db, m.id);
  const adoptable = isVideoCreated(m) && m.status !== "cancelled";
  return (
    <ClientIntl namespaces={["meetings", "meetingAdopt", "common"]}>
      <div className="grid grid-cols-2 gap-3">
        <Link href={`/meetings/${m.id}/qr`} className="flex h-12 items-center justify-center gap-2 rounded-xl bg-slate-900 text-[15px] font-medium text-white active:bg-slate-700" data-testid="show-qr">
          <QrCode className="size-5" aria-hidden /> {t("live.showQr")}
        </Link>
        <a href={`/api/meetings/${m.id}/export?format=xlsx`} className="flex h-12 items-center justify-center gap-2 rounded-xl border border-slate-200 bg-white text-[15px] font-medium text-slate-700 active:bg-slate-50">
          <Radar className="size-5" aria-hidden /> {t("live.export")}
        </a>
        {m.checkoutRequired ? (
          <Link href={`/meetings/${m.id}/qr?purpose=out`} className="col-span-2 flex h-12 items-center justify-center gap-2 rounded-xl bg-orange-600 text-[15px] font-medium text-white active:bg-orange-700" data-testid="show-checkout-qr">
            <LogOut className="size-5" aria-hidden /> {t("checkout.showQr")}
          </Link>
        ) : null}
      </div>
      <EditMeetingLink meetingId={m.id} canManage />
      {adoptable ? (
        <AdoptPanel meetingId={m.id} source={m.source} invitees={await inviteeCount(db, m.id)} lateAfterMinutes={m.lateAfterMinutes} earlyLeaveMinutes={m.earlyLeaveMinutes} />
      ) : null}
      <LiveView meetingId={m.id} initial={initial} ended={m.endsAt <= new Date()} />
      {excused.length ? (
        <section className="rounded-2xl bg-white p-4 shadow-sm" data-testid="excused-list" aria-label={te("list.title")}>
          <h3 className="mb-2 text-[15px] font-semibold text-slate-900">{te("list.title")} · {excused.length}</h3>
          <ul className="divide-y divide-slate-100">
            {excused.map((x) => (
              <li key={x.itemId} className="flex items-center justify-between gap-3 py-2 text-[14px]" data-testid="excused-person">
                <span className="min-w-0">
                  <span className="font-medium text-slate-900">{x.name}</span>
                  <span className="ml-2 rounded-md bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t("status.on_leave")}</span>
                  <span className="block truncate text-xs text-slate-500">{x.category}：{x.reason}</span>
                </span>
                <Link href={`/todos/approvals/${x.itemId}`} className="shrink-0 text-xs text-brand-600">{te("list.approval")}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ImportPanel meetingId={m.id} />
    </ClientIntl>
  );
}
