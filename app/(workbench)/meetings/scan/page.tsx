// 扫码签到: the workbench's scanner entry. Inside WeCom/DingTalk the JS-SDK scanner opens; the scanned link is
// our /checkin URL, which checks in. Otherwise (or if the scanner is unavailable) the camera works the same, and
// meetings open now can be checked in by location.
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { myMeetings } from "@/lib/meetings/queries";
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
  return (
    <>
      <TopBar title={t("checkin.scanTitle")} backHref="/" backLabel={t("checkin.backHome")} />
      <PageBody>
        <ClientIntl namespaces={["meetings"]}>
          <Scanner />
        </ClientIntl>
        {open.length ? (
          <section className="space-y-2">
            <SectionHeader title={t("checkin.pick")} />
            {open.map((m) => <MeetingCard key={m.id} m={m} ctx={ctx} />)}
          </section>
        ) : (
          <Card><p className="px-4 py-5 text-center text-[13px] text-slate-500">{t("noToday")}</p></Card>
        )}
      </PageBody>
    </>
  );
}
