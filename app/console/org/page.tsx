// 组织同步: the org sync runs (sync_runs), current counts, and "立即同步" per vendor. HR and admins only.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Building2, RefreshCw, UserCheck, UserMinus, Workflow } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { vendorEnabled, vendorMode } from "@/lib/env";
import { listPendingHolds } from "@/lib/org/holds";
import { listOrgSyncRuns, orgCounts } from "@/lib/org/queries";
import { formatDateTime, formatNumber } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { ForbiddenState } from "../identity/forbidden-state";
import { confirmHoldAction, discardHoldAction, syncNowAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("org"))("title") };
}

const STATUS_TONE = { running: "brand", succeeded: "success", partial: "warning", failed: "danger", held: "warning" } as const;

export default async function OrgSyncPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("org");
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const sp = await searchParams;
  const db = await getDb();
  const [runs, counts, holds, ctx] = await Promise.all([listOrgSyncRuns(db, viewer, { limit: 30 }), orgCounts(db, viewer), listPendingHolds(db, viewer), formatContext()]);
  const queued = sp.done === "queued" && (sp.source === "wecom" || sp.source === "dingtalk") ? sp.source : null;
  const error = sp.error === "forbidden" || sp.error === "bad_request" || sp.error === "conflict" || sp.error === "not_found" ? sp.error : null;
  const decided = sp.done === "confirmed" || sp.done === "discarded" ? sp.done : null;
  // Only the vendors this deployment enables (a disabled one has nothing to sync from).
  const sources = (["wecom", "dingtalk"] as const).filter((v) => vendorEnabled(v)).map((key) => ({ key, simulated: vendorMode(key) === "simulated" }));
  const lastOf = (source: string) => runs.find((r) => r.source === source);

  return (
    <div className="space-y-6" data-testid="org-sync">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <Link href="/console/org" className="flex h-9 items-center gap-1.5 rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100">
          <RefreshCw className="size-4" aria-hidden />
          {t("refresh")}
        </Link>
      </div>

      {queued ? (
        <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">
          {t("queued", { source: t(`source.${queued}`) })}
        </p>
      ) : null}
      {decided ? (
        <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status" data-testid="hold-decided">
          {decided === "confirmed" ? t("hold.confirmed", { n: Number(sp.n ?? 0) }) : t("hold.discarded")}
        </p>
      ) : null}
      {holds.map((h) => (
        <Card key={h.id} data-testid="org-hold" data-hold-id={h.id} data-source={h.source} className="border-amber-300">
          <CardHeader>
            <div>
              <CardTitle>{t("hold.title", { source: t(`source.${h.source}`) })}</CardTitle>
              <CardDescription>
                {t("hold.description", {
                  when: formatDateTime(h.createdAt, ctx),
                  n: h.removals.length,
                  before: h.activeBefore,
                  percent: h.activeBefore ? ((h.removals.length * 100) / h.activeBefore).toFixed(1) : "100",
                })}
              </CardDescription>
            </div>
            <div className="flex gap-2">
              <form action={discardHoldAction}>
                <input type="hidden" name="holdId" value={h.id} />
                <Button type="submit" size="sm" variant="outline" data-testid="hold-discard">{t("hold.discard")}</Button>
              </form>
              <form action={confirmHoldAction}>
                <input type="hidden" name="holdId" value={h.id} />
                <Button type="submit" size="sm" data-testid="hold-confirm">{t("hold.confirm", { n: h.removals.length })}</Button>
              </form>
            </div>
          </CardHeader>
          <CardContent>
            <p className="mb-2 text-[13px] text-slate-500">{t("hold.hint")}</p>
            <ul className="grid max-h-64 grid-cols-4 gap-x-4 gap-y-1 overflow-y-auto text-sm text-slate-700" data-testid="hold-removals">
              {h.removals.map((r) => (
                <li key={r.employeeId}>
                  {r.name} <span className="tabular-nums text-slate-400">{r.employeeNo}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ))}
      {error ? <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">{t(`error.${error}`)}</p> : null}
      {/* People listed but no sync ever ran: they came from the demo seed (npm run seed), not from a vendor — say so. */}
      {runs.length === 0 && counts.active > 0 ? (
        <p className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sm leading-6 text-sky-800" role="note" data-testid="org-demo-data">
          {t("demoData", { people: counts.active, departments: counts.departments })}
        </p>
      ) : null}

      <div className="grid grid-cols-4 gap-4">
        <Stat label={t("stats.departments")} value={formatNumber(counts.departments, ctx.locale)} icon={<Building2 />} tone="brand" />
        <Stat label={t("stats.active")} value={formatNumber(counts.active, ctx.locale)} icon={<UserCheck />} tone="success" />
        <Stat label={t("stats.departed")} value={formatNumber(counts.departed, ctx.locale)} icon={<UserMinus />} tone="neutral" />
        <Stat
          label={t("stats.identities")}
          value={formatNumber((counts.identities.wecom ?? 0) + (counts.identities.dingtalk ?? 0), ctx.locale)}
          hint={t("stats.identitiesHint", { wecom: counts.identities.wecom ?? 0, dingtalk: counts.identities.dingtalk ?? 0 })}
          icon={<Workflow />}
        />
      </div>

      <div className="grid grid-cols-2 gap-4">
        {sources.map((s) => {
          const last = lastOf(s.key);
          return (
            <Card key={s.key} data-testid={`org-source-${s.key}`}>
              <CardHeader>
                <div>
                  <CardTitle>
                    {t(`source.${s.key}`)} {s.simulated ? <Badge className="ml-1">{t("simulated")}</Badge> : null}
                  </CardTitle>
                  <CardDescription>
                    {last
                      ? t("lastRun", { when: formatDateTime(last.startedAt, ctx), status: t(`status.${last.status}`) })
                      : counts.active > 0
                        ? t("neverRunDemo")
                        : t("neverRun")}
                  </CardDescription>
                </div>
                <form action={syncNowAction}>
                  <input type="hidden" name="source" value={s.key} />
                  <Button type="submit" size="sm" data-testid={`sync-now-${s.key}`}>
                    <RefreshCw aria-hidden />
                    {t("syncNow")}
                  </Button>
                </form>
              </CardHeader>
              <CardContent className="text-[13px] text-slate-500">{t(`limits.${s.key}`)}</CardContent>
            </Card>
          );
        })}
      </div>

      <Card>
        <CardHeader>
          <div>
            <CardTitle>{t("runs")}</CardTitle>
            <CardDescription>{t("runsHint")}</CardDescription>
          </div>
        </CardHeader>
        {runs.length === 0 ? (
          <EmptyState icon={<RefreshCw />} title={t("empty")} description={t("emptyHint")} />
        ) : (
          <Table data-testid="sync-runs">
            <TableHeader>
              <TableRow>
                <TableHead>{t("col.started")}</TableHead>
                <TableHead>{t("col.source")}</TableHead>
                <TableHead>{t("col.status")}</TableHead>
                <TableHead className="text-right">{t("col.added")}</TableHead>
                <TableHead className="text-right">{t("col.changed")}</TableHead>
                <TableHead className="text-right">{t("col.removed")}</TableHead>
                <TableHead className="text-right">{t("col.duration")}</TableHead>
                <TableHead>{t("col.errors")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.map((r) => {
                const ms = Number((r.details as { durationMs?: number }).durationMs ?? (r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : NaN));
                return (
                  <TableRow key={r.id} data-testid="sync-run" data-status={r.status} data-run-id={r.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(r.startedAt, ctx)}</TableCell>
                    <TableCell>{t(`source.${r.source === "dingtalk" ? "dingtalk" : "wecom"}`)}</TableCell>
                    <TableCell>
                      <Badge tone={STATUS_TONE[r.status]}>{t(`status.${r.status}`)}</Badge>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{r.added}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.changed}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.removed}</TableCell>
                    <TableCell className="text-right tabular-nums">{Number.isFinite(ms) ? t("seconds", { s: (ms / 1000).toFixed(1) }) : "—"}</TableCell>
                    <TableCell className="max-w-md">
                      {r.errorCount === 0 ? (
                        <span className="text-slate-400">{t("noErrors")}</span>
                      ) : (
                        <details>
                          <summary className="cursor-pointer text-rose-600">{t("errorCount", { n: r.errorCount })}</summary>
                          <ul className="mt-1 space-y-1 text-xs text-slate-600">
                            {r.errors.slice(0, 10).map((e, i) => (
                              <li key={i} className="break-all">{e}</li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
