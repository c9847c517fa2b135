// HR conflict queue: vendor accounts the ledger refused to guess about. Evidence, candidates, link or reject.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CircleCheck, UserRoundSearch } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ExportButtons } from "@/components/exports/export-buttons";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { findAttempt } from "@/lib/identity/attempts";
import { conflictStatus, listConflicts } from "@/lib/identity/conflicts";
import { maskMobile } from "@/lib/identity/people";
import { formatDateTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { linkAction, rejectAction } from "./actions";
import { ForbiddenState } from "./forbidden-state";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("identity"))("title") };
}

const NOTICE_KEYS = ["linked", "rejected"] as const;
const ERROR_KEYS = ["bad_request", "not_found", "conflict", "forbidden"] as const;

export default async function IdentityQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("identity");
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const sp = await searchParams;
  const status = conflictStatus.catch("open").parse(sp.status);
  const rows = await listConflicts(await getDb(), viewer, { status });
  const ctx = await formatContext();
  const attempt = sp.ref ? await findAttempt(await getDb(), viewer, sp.ref) : null;
  const tRefused = await getTranslations("auth.refused.reasons");
  const done = NOTICE_KEYS.find((k) => k === sp.done);
  const error = ERROR_KEYS.find((k) => k === sp.error);

  return (
    <div className="space-y-6" data-testid="identity-queue">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
      </div>

      {done ? <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">{t(`done.${done}`)}</p> : null}
      {error ? <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">{t(`error.${error}`)}</p> : null}

      <Card className="px-5 py-4" data-testid="reference-lookup">
        <form action="/console/identity" className="flex items-center gap-2">
          <Input name="ref" defaultValue={sp.ref ?? ""} placeholder={t("refPlaceholder")} className="h-9 w-56 font-mono text-sm" aria-label={t("refLookup")} />
          <Button size="sm" variant="outline" type="submit">{t("refLookup")}</Button>
          <span className="text-xs text-slate-500">{t("refHint")}</span>
        </form>
        {sp.ref ? (
          attempt ? (
            <dl className="mt-3 grid grid-cols-3 gap-x-6 gap-y-1.5 text-sm" data-testid="attempt">
              <div><dt className="text-xs text-slate-500">{t("attempt.when")}</dt><dd>{formatDateTime(attempt.createdAt, ctx)}</dd></div>
              <div><dt className="text-xs text-slate-500">{t("attempt.via")}</dt><dd>{t(`provider.${attempt.provider === "dingtalk" ? "dingtalk" : "wecom"}`)} · {t(`flow.${attempt.flow as "wecom_oauth"}`)}</dd></div>
              <div>
                <dt className="text-xs text-slate-500">{t("attempt.outcome")}</dt>
                <dd>{attempt.outcome === "signed_in" ? t("attempt.signedIn") : attempt.reason && tRefused.has(`${attempt.reason}.title`) ? tRefused(`${attempt.reason}.title`) : t("attempt.pending")}</dd>
              </div>
              <div><dt className="text-xs text-slate-500">{t("vendorAccount")}</dt><dd className="font-mono">{attempt.externalId ?? "—"}</dd></div>
              <div>
                <dt className="text-xs text-slate-500">{t("attempt.employee")}</dt>
                <dd>{attempt.employeeId ? <Link className="text-brand-600 hover:underline" href={`/console/people/${attempt.employeeId}`}>#{attempt.employeeId}</Link> : "—"}</dd>
              </div>
              <div><dt className="text-xs text-slate-500">{t("attempt.conflict")}</dt><dd>{attempt.conflictId ? `#${attempt.conflictId}` : "—"}</dd></div>
            </dl>
          ) : (
            <p className="mt-3 text-sm text-slate-500">{t("refNotFound")}</p>
          )
        ) : null}
      </Card>

      <div className="flex items-center justify-between gap-4">
        <nav className="flex gap-1 rounded-xl bg-slate-100 p-1 text-sm w-fit">
          {(["open", "linked", "rejected"] as const).map((s) => (
            <Link
              key={s}
              href={`/console/identity?status=${s}`}
              className={`rounded-lg px-4 py-1.5 ${s === status ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {t(`tabs.${s}`)}
            </Link>
          ))}
        </nav>
        <ExportButtons report="identity-conflicts" params={{ status }} />
      </div>

      {rows.length === 0 ? (
        <Card>
          <EmptyState
            icon={status === "open" ? <CircleCheck /> : <UserRoundSearch />}
            title={status === "open" ? t("emptyOpen") : t("emptyOther")}
            description={status === "open" ? t("emptyOpenHint") : undefined}
          />
        </Card>
      ) : (
        <div className="space-y-4">
          {rows.map((c) => {
            const ev = c.evidence as Record<string, string | null | undefined>;
            return (
              <Card key={c.id} className="overflow-hidden" data-testid="conflict" data-external-id={c.externalId}>
                <div className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
                  <div>
                    <div className="flex items-center gap-2">
                      <Badge tone="brand">{t(`provider.${c.provider === "dingtalk" ? "dingtalk" : "wecom"}`)}</Badge>
                      <Badge tone={c.reason === "no_match" ? "warning" : "danger"}>{t(`reason.${c.reason as "no_match"}`)}</Badge>
                    </div>
                    <p className="mt-2 text-sm text-slate-500">
                      {t("vendorAccount")}: <span className="font-mono text-slate-900">{c.externalId}</span>
                    </p>
                  </div>
                  <div className="text-right text-xs text-slate-500">
                    <p>{t("firstSeen")} {formatDateTime(c.createdAt, ctx)}</p>
                    <p>{t("lastSeen")} {formatDateTime(c.updatedAt, ctx)}</p>
                    {c.resolvedEmployeeId ? <p className="mt-1 text-emerald-700">{t("resolvedTo", { id: c.resolvedEmployeeId })}</p> : null}
                  </div>
                </div>
                <div className="grid grid-cols-[280px_1fr] gap-6 px-5 py-4">
                  <div>
                    <h3 className="text-xs font-medium uppercase tracking-wide text-slate-400">{t("evidence")}</h3>
                    <dl className="mt-2 space-y-1.5 text-sm">
                      {(["name", "employeeNo", "mobile", "email", "unionId", "key"] as const).map((k) =>
                        ev[k] ? (
                          <div key={k} className="flex gap-2">
                            <dt className="w-20 shrink-0 text-slate-500">{t(`field.${k}`)}</dt>
                            <dd className="min-w-0 break-all text-slate-900">{k === "mobile" ? maskMobile(ev[k]) : ev[k]}</dd>
                          </div>
                        ) : null,
                      )}
                    </dl>
                  </div>
                  <div>
                    <h3 className="text-xs font-medium uppercase tracking-wide text-slate-400">{t("candidates")}</h3>
                    {c.candidates.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t("noCandidates")}</p> : null}
                    <ul className={c.candidates.length ? "mt-2 divide-y divide-slate-100 rounded-xl border border-slate-100" : "hidden"}>
                      {c.candidates.map((p) => (
                        <li key={p.id} className="flex items-center justify-between gap-3 px-3 py-2.5" data-testid="candidate">
                          <div className="min-w-0 text-sm">
                            <p className="font-medium text-slate-900">
                              {p.name} <span className="font-normal tabular-nums text-slate-500">· {p.employeeNo} · {p.departmentName ?? "—"}</span>
                              {p.status !== "active" ? <Badge tone="danger" className="ml-2">{t("departed")}</Badge> : null}
                            </p>
                            <p className="text-xs text-slate-500">
                              {maskMobile(p.mobile)} · {p.email ?? "—"} · {t("linkedAccounts")} {p.identities.length}
                            </p>
                          </div>
                          {c.status === "open" && p.status === "active" ? (
                            <form action={linkAction}>
                              <input type="hidden" name="conflictId" value={c.id} />
                              <input type="hidden" name="employeeId" value={p.id} />
                              <Button size="sm" type="submit">{t("linkTo")}</Button>
                            </form>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    {c.status === "open" ? (
                      <div className="mt-3 flex items-center justify-between gap-3">
                        <form action={linkAction} className="flex items-center gap-2">
                          <input type="hidden" name="conflictId" value={c.id} />
                          <Input name="employeeNo" required placeholder={t("employeeNoPlaceholder")} className="h-9 w-56 text-sm" aria-label={t("linkByNo")} />
                          <Button size="sm" variant="outline" type="submit">{t("linkByNo")}</Button>
                        </form>
                        <form action={rejectAction} title={t("rejectHint")}>
                          <input type="hidden" name="conflictId" value={c.id} />
                          <Button size="sm" variant="ghost" type="submit" className="text-rose-600 hover:bg-rose-50 hover:text-rose-700">{t("reject")}</Button>
                        </form>
                      </div>
                    ) : null}
                  </div>
                </div>
              </Card>
            );
          })}
        </div>
      )}
    </div>
  );
}
