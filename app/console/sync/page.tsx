// Sync health: per sink backlog, lag, delivery rate, failures by reason, dead letters (retry/skip), and the
// reconciliation watermark per source with an on-demand run. HR reads; admins act.
import { getFormatter, getTranslations } from "next-intl/server";
import { lastOaPullRun } from "@/lib/approvals/oa-pull";
import { AlertTriangle, CheckCircle2, Inbox, RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { listDeadLetters } from "@/lib/oa-sync/dead-letters";
import { getSyncHealth, type SinkHealth } from "@/lib/oa-sync/health";
import { reconcilableMeetings, recentReconcileRuns, reconcileWatermarks, type ReconcileSource } from "@/lib/reconcile/run";
import { businessDate } from "@/lib/time";
import { ForbiddenState } from "../identity/forbidden-state";
import { reconcileNowAction, retryDeadLetterAction, skipDeadLetterAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("oaSync"))("title") };
}

const REASONS = ["connection", "timeout", "http_5xx", "http_408", "http_429", "http_4xx", "oa_schema", "oa_auth", "invalid_payload", "horizon"] as const;
const DONE = ["retried", "skipped", "superseded", "reconciled"] as const;
const ERRORS = ["bad_request", "not_found", "forbidden", "failed"] as const;
const STATUS_TONE = { succeeded: "success", failed: "danger", partial: "warning", running: "brand" } as const;

export default async function SyncPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const t = await getTranslations("oaSync");
  const tc = await getTranslations("common");
  const fmt = await getFormatter();
  const db = await getDb();
  const sp = await searchParams;
  const configured = env().OA_SINK;
  const [health, dead, marks, runs, pickable, oaPull] = await Promise.all([
    getSyncHealth(db, viewer),
    listDeadLetters(db, viewer),
    reconcileWatermarks(db),
    recentReconcileRuns(db),
    reconcilableMeetings(db),
    lastOaPullRun(db),
  ]);
  const today = businessDate(new Date());
  const admin = viewer.roles.has("admin");
  const sinks: SinkHealth[] = health.some((h) => h.sink === configured)
    ? [...health].sort((a, b) => (a.sink === configured ? -1 : b.sink === configured ? 1 : 0))
    : [{ sink: configured, backlog: 0, dead: 0, delivered: 0, oldestUndeliveredAgeSeconds: null, deliveredLast5Min: 0, ratePerMinute: 0, failuresByReason: [], pausedUntil: null }, ...health];
  const done = DONE.find((k) => k === sp.done);
  const error = ERRORS.find((k) => k === sp.error);
  const failedRun = error === "failed" ? runs.find((r) => String(r.id) === sp.run) : undefined;
  const age = (s: number | null) =>
    s === null ? t("lagNone") : s < 60 ? t("secondsAgo", { n: s }) : s < 3600 ? t("minutesAgo", { n: Math.round(s / 60) }) : t("hoursAgo", { n: Math.round((s / 3600) * 10) / 10 });
  const reasonLabel = (r: string | null) => (r && (REASONS as readonly string[]).includes(r) ? t(`reasons.${r as (typeof REASONS)[number]}`) : (r ?? "—"));
  const dt = (v: unknown) => (v ? fmt.dateTime(new Date(v as string), { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "—");

  return (
    <div className="space-y-6" data-testid="sync-health">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {done ? (
        <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">
          {t(`done.${done}`, { added: Number(sp.added ?? 0) })}
        </p>
      ) : null}
      {error ? (
        <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">
          {t(`errors.${error}`, { message: String((failedRun?.errors as string[] | undefined)?.[0] ?? "") })}
        </p>
      ) : null}

      {sinks.map((h) => {
        const lagging = (h.oldestUndeliveredAgeSeconds ?? 0) >= env().OA_LAG_ALERT_MINUTES * 60; // same threshold as the alert (oaLagAlertSeconds)
        return (
          <section key={h.sink} className="space-y-4" data-testid={`sink-${h.sink}`}>
            <div className="flex items-center gap-2">
              <h2 className="text-base font-semibold text-slate-900">{t(`sinkMode.${h.sink as "none" | "postgres" | "http"}`)}</h2>
              {h.sink === configured ? <Badge tone="brand">{t("configured")}</Badge> : null}
              {h.pausedUntil ? (
                <Badge tone="warning" data-testid="sink-paused">
                  {t("pausedUntil", { time: dt(h.pausedUntil) })}
                </Badge>
              ) : null}
            </div>
            <div className="grid grid-cols-4 gap-4">
              <Stat label={t("backlog")} value={fmt.number(h.backlog)} hint={t("backlogHint")} icon={<Inbox />} tone={h.backlog > 0 ? "warning" : "neutral"} data-testid="stat-backlog" />
              <Stat label={t("lag")} value={age(h.oldestUndeliveredAgeSeconds)} hint={t("lagHint", { minutes: env().OA_LAG_ALERT_MINUTES })} icon={<AlertTriangle />} tone={lagging ? "danger" : "neutral"} data-testid="stat-lag" />
              <Stat label={t("rate")} value={fmt.number(h.ratePerMinute)} hint={t("rateHint")} icon={<RefreshCw />} tone="brand" />
              <Stat label={t("delivered")} value={fmt.number(h.delivered)} hint={`${t("dead")} ${fmt.number(h.dead)}`} icon={<CheckCircle2 />} tone={h.dead > 0 ? "danger" : "success"} />
            </div>
            <Card>
              <CardHeader>
                <CardTitle>{t("failures")}</CardTitle>
              </CardHeader>
              <CardContent>
                {h.failuresByReason.length === 0 ? (
                  <p className="text-sm text-slate-500">{t("noFailures")}</p>
                ) : (
                  <ul className="flex flex-wrap gap-2" data-testid="failure-reasons">
                    {h.failuresByReason.map((f) => (
                      <li key={f.reason} className="flex items-center gap-2 rounded-lg bg-slate-50 px-3 py-1.5 text-sm">
                        <span className="text-slate-700">{reasonLabel(f.reason)}</span>
                        <span className="font-semibold tabular-nums text-slate-900">{fmt.number(f.count)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
          </section>
        );
      })}

      {env().OA_APPROVALS_URL ? (
        <Card data-testid="oa-approvals-pull">
          <CardHeader>
            <CardTitle>{t("approvalsPull.title")}</CardTitle>
            <CardDescription>{t("approvalsPull.hint")}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-1 text-sm text-slate-700">
            {oaPull ? (
              <>
                <p className="flex items-center gap-2">
                  <Badge tone={STATUS_TONE[oaPull.status as keyof typeof STATUS_TONE] ?? "neutral"}>{t(`approvalsPull.status.${oaPull.status === "failed" ? "failed" : "succeeded"}`)}</Badge>
                  <span>{t("approvalsPull.last", { time: dt(oaPull.startedAt), pages: Number(oaPull.details.pages ?? 0), added: oaPull.added })}</span>
                </p>
                {oaPull.errors.length ? <p className="text-rose-700" role="alert">{oaPull.errors[0]}</p> : null}
              </>
            ) : (
              <p className="text-slate-500">{t("approvalsPull.never")}</p>
            )}
          </CardContent>
        </Card>
      ) : null}

      <Card data-testid="dead-letters">
        <CardHeader>
          <div>
            <CardTitle>{t("deadLetters")}</CardTitle>
            <CardDescription>{t("deadLettersHint")}</CardDescription>
          </div>
          <div className="flex items-center gap-2">
            {!admin ? <Badge>{t("adminOnly")}</Badge> : null}
            <ExportButtons report="sync-outbox" params={{ status: "dead" }} />
          </div>
        </CardHeader>
        <CardContent>
          {dead.length === 0 ? (
            <EmptyState icon={<CheckCircle2 />} title={t("noDeadLetters")} className="py-6" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("record")}</TableHead>
                  <TableHead>{t("version")}</TableHead>
                  <TableHead>{t("attempts")}</TableHead>
                  <TableHead>{t("reason")}</TableHead>
                  <TableHead>{t("error")}</TableHead>
                  <TableHead>{t("createdAt")}</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {dead.map((d) => (
                  <TableRow key={d.id} data-testid="dead-letter">
                    <TableCell className="font-mono text-xs">{d.idempotencyKey}</TableCell>
                    <TableCell>v{d.version}</TableCell>
                    <TableCell className="tabular-nums">{d.attempts}</TableCell>
                    <TableCell>
                      <Badge tone="danger">{reasonLabel(d.failureReason)}</Badge>
                    </TableCell>
                    <TableCell className="max-w-[280px] truncate text-xs text-slate-500" title={d.lastError ?? ""}>
                      {d.lastError}
                    </TableCell>
                    <TableCell className="text-sm text-slate-500">{dt(d.createdAt)}</TableCell>
                    <TableCell>
                      {admin ? (
                        <div className="flex justify-end gap-1">
                          <form action={retryDeadLetterAction}>
                            <input type="hidden" name="id" value={d.id} />
                            <Button size="sm" variant="secondary" type="submit">{t("retry")}</Button>
                          </form>
                          <form action={skipDeadLetterAction}>
                            <input type="hidden" name="id" value={d.id} />
                            <Button size="sm" variant="ghost" type="submit">{t("skip")}</Button>
                          </form>
                        </div>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card data-testid="reconcile">
        <CardHeader>
          <div>
            <CardTitle>{t("reconcile")}</CardTitle>
            <CardDescription>{t("reconcileHint")}</CardDescription>
          </div>
          <ExportButtons report="sync-runs" />
        </CardHeader>
        <CardContent className="space-y-5">
          <div className="grid grid-cols-3 gap-4">
            {marks.map((m) => {
              const meetingsHere = pickable.filter((p) => p.source === m.source);
              return (
                <div key={m.source} className="rounded-xl border border-slate-100 bg-slate-50/60 p-4" data-testid={`watermark-${m.source}`}>
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">{t(`sources.${m.source}`)}</span>
                    {!m.configured ? (
                      <Badge tone="warning">{t("notConfigured")}</Badge>
                    ) : m.lastStatus ? (
                      <Badge tone={STATUS_TONE[m.lastStatus as keyof typeof STATUS_TONE] ?? "neutral"}>{t(`status.${m.lastStatus as keyof typeof STATUS_TONE}`)}</Badge>
                    ) : null}
                  </div>
                  <p className="mt-2 text-sm text-slate-500">
                    {t("completeUpTo")}
                    {tc("colon")}
                    <span className="font-medium text-slate-800" data-testid="complete-up-to">{m.completeUpTo ? dt(m.completeUpTo) : t("never")}</span>
                  </p>
                  {m.checkedFrom ? (
                    <p className="text-xs text-slate-400" data-testid={`checked-from-${m.source}`}>
                      {t("checkedFrom", { from: dt(m.checkedFrom) })}
                    </p>
                  ) : null}
                  <p className="text-xs text-slate-400">
                    {t("lastRun")}
                    {tc("colon")}
                    {dt(m.lastRunAt)}
                  </p>
                  {!m.configured ? <p className="mt-2 text-xs text-slate-500">{t(`notConfiguredHint.${m.source}`)}</p> : null}
                  {admin && m.configured ? (
                    <div className="mt-3 space-y-2">
                      <form action={reconcileNowAction} className="flex flex-wrap items-center gap-2">
                        <input type="hidden" name="source" value={m.source} />
                        <Input type="date" name="date" defaultValue={today} max={today} className="h-9 w-36 text-sm" aria-label={t("date")} />
                        <Select name="days" defaultValue="1" className="h-9 w-24 text-sm" aria-label={t("days")}>
                          {[1, 3, 7, 14].map((d) => (
                            <option key={d} value={d}>
                              {t("daysOption", { n: d })}
                            </option>
                          ))}
                        </Select>
                        <Button size="sm" type="submit" data-testid={`reconcile-${m.source}`}>
                          <RefreshCw aria-hidden />
                          {t("runNow")}
                        </Button>
                      </form>
                      {meetingsHere.length > 0 ? (
                        <form action={reconcileNowAction} className="flex flex-wrap items-center gap-2">
                          <input type="hidden" name="source" value={m.source} />
                          <Select name="meetingId" className="h-9 w-60 text-sm" aria-label={t("meeting")} data-testid={`reconcile-meeting-${m.source}`}>
                            {meetingsHere.map((p) => (
                              <option key={p.id} value={p.id}>
                                {dt(p.startsAt)} · {p.title}
                              </option>
                            ))}
                          </Select>
                          <Button size="sm" variant="secondary" type="submit" data-testid={`reconcile-meeting-run-${m.source}`}>
                            {t("runMeeting")}
                          </Button>
                        </form>
                      ) : null}
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
          <div>
            <h3 className="mb-2 text-sm font-medium text-slate-700">{t("runs")}</h3>
            {runs.length === 0 ? (
              <p className="text-sm text-slate-500">{admin ? t("noRuns") : t("noRunsHr")}</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("lastRun")}</TableHead>
                    <TableHead>{t("window")}</TableHead>
                    <TableHead>{t("checked")}</TableHead>
                    <TableHead>{t("added")}</TableHead>
                    <TableHead>{t("completeUpTo")}</TableHead>
                    <TableHead />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {runs.map((r) => {
                    const details = (r.details ?? {}) as { checked?: number; meetings?: number; meetingId?: number | null; differences?: { meetingId: number; added: number }[] };
                    const status = String(r.status) as keyof typeof STATUS_TONE;
                    return (
                      <TableRow key={String(r.id)} data-testid="reconcile-run">
                        <TableCell className="text-sm">
                          {t(`sources.${String(r.source) as ReconcileSource}`)} · {dt(r.started_at)}
                        </TableCell>
                        <TableCell className="text-sm text-slate-500">
                          {details.meetingId ? t("meetingScope", { id: details.meetingId }) : `${dt(r.window_start)} – ${dt(r.window_end)}`}
                        </TableCell>
                        <TableCell className="tabular-nums">
                          {details.checked ?? 0}/{details.meetings ?? 0}
                        </TableCell>
                        <TableCell className="tabular-nums" title={(details.differences ?? []).map((d) => `${t("meetingScope", { id: d.meetingId })} +${d.added}`).join("\n") || undefined}>
                          {Number(r.added)}
                        </TableCell>
                        <TableCell className="text-sm">{dt(r.watermark)}</TableCell>
                        <TableCell>
                          <Badge tone={STATUS_TONE[status] ?? "neutral"} title={(r.errors as string[] | undefined)?.[0]}>
                            {t(`status.${status}`)}
                          </Badge>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
