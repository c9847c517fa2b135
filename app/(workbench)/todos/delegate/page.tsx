// 外出代理: while I am away, a colleague I name decides the approvals waiting for me ("代 X 审批" in the log). The
// page lists what I set (in force, coming, ended) and for whom I stand in; the form is the only client code.
import { getTranslations } from "next-intl/server";
import { UserRoundCheck } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { myDelegations, type DelegationView } from "@/lib/approvals/flows/delegates";
import { requireViewer } from "@/lib/auth/session";
import { businessDate } from "@/lib/time";
import { formatDate, formatDateTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { DelegateForm, EndDelegationButton } from "./delegate-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvalDelegate");
  return { title: t("title") };
}

const TONE = { active: "success", upcoming: "brand", ended: "neutral" } as const;

export default async function DelegatePage() {
  const viewer = await requireViewer();
  const db = await getDb();
  const t = await getTranslations("approvalDelegate");
  const tt = await getTranslations("todos");
  const ctx = await formatContext();
  const { mine, forMe } = await myDelegations(db, viewer);
  // Whole days, as they were set (the end is exclusive: midnight after the last day); one ended early shows the moment.
  const period = (d: DelegationView) => {
    const end = new Date(d.endsAt);
    const wholeDay = formatDateTime(end, ctx).endsWith("00:00");
    return t("period", { start: formatDate(new Date(d.startsAt), ctx), end: wholeDay ? formatDate(new Date(end.getTime() - 1), ctx) : formatDateTime(end, ctx) });
  };
  const current = mine.filter((d) => d.state !== "ended");
  const past = mine.filter((d) => d.state === "ended").slice(0, 5);

  return (
    <>
      <TopBar title={t("title")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <p className="px-1 text-[13px] leading-5 text-slate-500">{t("intro")}</p>

        {forMe.length ? (
          <section className="space-y-2" data-testid="delegate-for-me">
            <SectionHeader title={t("forMe")} />
            <Card className="divide-y divide-slate-100 px-4">
              {forMe.map((d) => (
                <div key={d.id} className="py-3 text-[14px]">
                  <p className="text-slate-900">{t("forMeLine", { name: d.principal.name })}</p>
                  <p className="text-[13px] text-slate-500">{period(d)}</p>
                </div>
              ))}
            </Card>
          </section>
        ) : null}

        <section className="space-y-2" data-testid="delegate-mine">
          <SectionHeader title={t("mine")} />
          {current.length ? (
            <Card className="divide-y divide-slate-100 px-4">
              {current.map((d) => (
                <div key={d.id} className="flex items-center justify-between gap-2 py-3 text-[14px]" data-testid="delegation" data-state={d.state}>
                  <div className="min-w-0">
                    <p className="flex items-center gap-2 text-slate-900">
                      {d.delegate.name}
                      <Badge tone={TONE[d.state]}>{t(`state.${d.state}`)}</Badge>
                    </p>
                    <p className="text-[13px] text-slate-500">{period(d)}{d.reason ? ` · ${d.reason}` : ""}</p>
                  </div>
                  <ClientIntl namespaces={["approvalDelegate"]}>
                    <EndDelegationButton id={d.id} />
                  </ClientIntl>
                </div>
              ))}
            </Card>
          ) : (
            <Card>
              <EmptyState icon={<UserRoundCheck />} title={t("emptyTitle")} description={t("emptyText")} data-testid="delegate-empty" />
            </Card>
          )}
        </section>

        <section className="space-y-2">
          <SectionHeader title={t("new")} />
          <ClientIntl namespaces={["approvalDelegate"]}>
            <DelegateForm today={businessDate(new Date())} selfId={viewer.employeeId} />
          </ClientIntl>
        </section>

        {past.length ? (
          <section className="space-y-2" data-testid="delegate-past">
            <SectionHeader title={t("past")} />
            <Card className="divide-y divide-slate-100 px-4">
              {past.map((d) => (
                <div key={d.id} className="py-3 text-[13px] text-slate-500">
                  {d.delegate.name} · {period(d)}
                </div>
              ))}
            </Card>
          </section>
        ) : null}
      </PageBody>
    </>
  );
}
