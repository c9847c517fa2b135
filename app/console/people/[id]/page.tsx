// One person and their sign-in identities (the ledger rows). 404 when outside the viewer's scope.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowLeft, KeyRound } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { getPerson, maskMobile } from "@/lib/identity/people";
import { formatDateTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { parseId } from "@/lib/validation";

export const dynamic = "force-dynamic";

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound(); // "1e3", "99999999999999999999": not ids, never a query
  const person = await getPerson(await getDb(), viewer, id);
  if (!person) notFound();
  const t = await getTranslations("people");
  const tId = await getTranslations("identity");
  const ctx = await formatContext();
  const hr = canSeeEveryone(viewer);

  return (
    <div className="space-y-6" data-testid="person-page">
      <Link href="/console/people" className="inline-flex items-center gap-1.5 text-sm text-slate-500 hover:text-slate-900">
        <ArrowLeft className="size-4" aria-hidden /> {t("detail.back")}
      </Link>
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{person.name}</h1>
        <Badge tone={person.status === "active" ? "success" : "neutral"}>{t(`status.${person.status}`)}</Badge>
      </div>
      <div className="grid grid-cols-[360px_1fr] gap-5">
        <Card>
          <CardHeader>
            <CardTitle>{t("detail.profile")}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="space-y-2 text-sm">
              {[
                [t("col.employeeNo"), person.employeeNo],
                [t("col.department"), person.departmentName ?? "—"],
                [t("col.title"), person.title ?? "—"],
                [tId("field.mobile"), hr ? maskMobile(person.mobile) : "—"],
                [tId("field.email"), person.email ?? "—"],
                ...(person.departedAt ? [[t("detail.departedAt"), formatDateTime(person.departedAt, ctx)]] : []),
              ].map(([k, v]) => (
                <div key={k} className="flex gap-3">
                  <dt className="w-20 shrink-0 text-slate-500">{k}</dt>
                  <dd className="min-w-0 break-all text-slate-900">{v}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <div>
              <CardTitle>{t("detail.identities")}</CardTitle>
              <CardDescription>{t("detail.identitiesHint")}</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            {person.identities.length === 0 ? (
              <EmptyState icon={<KeyRound />} title={t("detail.noIdentities")} />
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="identity-list">
                {person.identities.map((i) => (
                  <li key={i.id} className="flex items-center justify-between gap-3 py-3 text-sm">
                    <div className="min-w-0">
                      <p className="flex items-center gap-2">
                        <Badge tone="brand">{tId(`provider.${i.provider === "dingtalk" ? "dingtalk" : "wecom"}`)}</Badge>
                        <span className="font-mono text-slate-900">{i.externalId}</span>
                      </p>
                      <p className="mt-1 text-xs text-slate-500">{i.corpId}</p>
                    </div>
                    <div className="text-right text-xs text-slate-500">
                      <p>
                        {t("detail.matchedBy")}: {t(`matchedBy.${i.matchedBy as "seed"}`)}
                      </p>
                      <p>
                        {t("detail.verifiedAt")}: {i.verifiedAt ? formatDateTime(i.verifiedAt, ctx) : "—"}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
