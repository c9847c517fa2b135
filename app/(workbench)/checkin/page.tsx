// /checkin?m=<meeting>&c=<code>: the page a scanned QR (or a reminder link) opens. The proxy has already signed
// the person in silently (WeCom/DingTalk); with a code it checks in at once, without one it offers location.
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ClientIntl } from "@/components/shell/client-intl";
import { TopBar, PageBody } from "@/components/shell/top-bar";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { meetingForCheckIn } from "@/lib/meetings/queries";
import { CheckFlow } from "../meetings/_components/check-flow";
import { MeetingSummaryCard } from "../meetings/_components/meeting-summary-card";
import { formatContext } from "@/lib/ui/server";
import { CalendarX } from "lucide-react";

export const dynamic = "force-dynamic";

// a=out: the check-out (签退) of a meeting that requires one (its QR links and the 签退 buttons carry it).
const params = z.object({
  m: z.coerce.number().int().positive().optional().catch(undefined),
  c: z.string().max(64).optional().catch(undefined),
  a: z.enum(["in", "out"]).optional().catch(undefined),
});

export default async function CheckInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("meetings");
  const sp = params.parse(await searchParams);
  const meeting = sp.m ? await meetingForCheckIn(await getDb(), viewer, sp.m, { code: sp.a === "out" ? undefined : sp.c }) : null;
  const out = sp.a === "out" && !!meeting?.checkoutRequired;
  return (
    <>
      <TopBar title={out ? t("checkout.pageTitle") : t("checkin.pageTitle")} backHref="/meetings" backLabel={t("title")} />
      <PageBody>
        {meeting ? (
          <>
            <MeetingSummaryCard meeting={meeting} ctx={await formatContext()} out={out} />
            <ClientIntl namespaces={["meetings"]}>
              <CheckFlow out={out} meeting={meeting} code={sp.c ?? null} />
            </ClientIntl>
          </>
        ) : (
          <Card>
            <EmptyState
              icon={<CalendarX />}
              title={t("checkin.noMeeting")}
              description={t("checkin.noMeetingHint")}
              action={
                <div className="flex justify-center gap-2">
                  <Link href="/meetings/scan" className={buttonVariants({})}>
                    {t("checkin.scanAgain")}
                  </Link>
                  <Link href="/meetings" className={buttonVariants({ variant: "secondary" })}>
                    {t("checkin.myMeetings")}
                  </Link>
                </div>
              }
            />
          </Card>
        )}
      </PageBody>
    </>
  );
}
