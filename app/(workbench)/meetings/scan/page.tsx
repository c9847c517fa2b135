// 扫码签到: the workbench's scanner entry. Inside WeCom/DingTalk the JS-SDK scanner opens; the scanned link is
// our /checkin URL, which checks in. Otherwise (or if the scanner is unavailable) the camera works the same, and
// meetings open now can be checked in by location.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogOut } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { myMeetings } from "@/lib/meetings/queries";
import { formatTimeRange } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { MeetingCard } from "../_components/meeting-card";
import { Scanner } from "../_components/scanner";

export const dynamic = "force-dynamic";

export default async function ScanPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("meetings");
  const ctx = await formatContext();
  const { today } = await myMeetings(await getDb(), viewer, { days: 1 });
  const open = today.filter((m) => m.windowOpen && !m.checkedInAt);
  // 签退: meetings whose check-out window is open, for someone checked in and not out yet.
  const checkout = today.filter((m) => m.checkoutOpen && m.checkedInAt && !m.checkedOutAt);
  return (
    <>
      <TopBar title={t("checkin.scanTitle")} backHref="/" backLabel={t("checkin.backHome")} />
      <PageBody>
        <ClientIntl namespaces={["meetings"]}>
          <Scanner />
        </ClientIntl>
        {checkout.length ? (
          <section className="space-y-2" data-testid="checkout-pick">
            <SectionHeader title={t("checkout.pick")} />
            {checkout.map((m) => (
              <Link key={m.id} href={`/checkin?m=${m.id}&a=out`} className="flex items-center justify-between gap-3 rounded-2xl border border-orange-200 bg-orange-50 px-4 py-3 active:bg-orange-100" data-testid="checkout-pick-item">
                <span className="min-w-0">
                  <span className="block truncate text-[15px] font-medium text-slate-900">{m.title}</span>
                  <span className="block text-xs text-slate-500">{formatTimeRange(new Date(m.startsAt), new Date(m.endsAt), ctx)}</span>
                </span>
                <span className="flex shrink-0 items-center gap-1 text-[14px] font-semibold text-orange-700"><LogOut className="size-4" aria-hidden /> {t("checkout.action")}</span>
              </Link>
            ))}
          </section>
        ) : null}
        {open.length ? (
          <section className="space-y-2">
            <SectionHeader title={t("checkin.pick")} />
            {open.map((m) => <MeetingCard key={m.id} m={m} ctx={ctx} />)}
          </section>
        ) : checkout.length ? null : (
          <Card><p className="px-4 py-5 text-center text-[13px] text-slate-500">{t("noToday")}</p></Card>
        )}
      </PageBody>
    </>
  );
}
