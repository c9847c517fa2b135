// Integrations (集成): per vendor source — events today, last event, failures, lag receipt → handled; the inbox
// browser (source / type / status / date filters, payload with mobiles and emails masked); dead letters with
// replay and discard (audited). HR and admins only.
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AlertTriangle, CheckCircle2, Clock, Inbox, PlugZap } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { getInboxEvent, inboxFilter, listDeadLetters, listInbox, SOURCES, sourceHealth, STATUSES } from "@/lib/ingest/queries";
import { parseId } from "@/lib/validation";
import { ForbiddenState } from "../identity/forbidden-state";
import { discardDeadLetterAction, replayDeadLetterAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("integrations"))("title") };
}

const STATUS_TONE = {
  received: "brand",
  processing: "brand",
  handled: "success",
  no_handler: "neutral",
  ignored: "neutral",
  parked: "warning",
  dead: "danger",
  discarded: "neutral",
} as const;

export default async function IntegrationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const t = await getTranslations("integrations");
  const fmt = await getFormatter();
  const db = await getDb();
  const sp = await searchParams;
  const filter = inboxFilter.parse(sp);
  const eventId = typeof sp.event === "string" ? parseId(sp.event) : null; // "99999999999999999999" must not reach int8
  const [health, inbox, dead, detail] = await Promise.all([
    sourceHealth(db, viewer),
    listInbox(db, viewer, filter),
    listDeadLetters(db, viewer),
    eventId !== null ? getInboxEvent(db, viewer, eventId) : Promise.resolve(null),
  ]);
  const dt = (v: Date | null) => (v ? fmt.dateTime(v, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—");
  const short = (v: Date) => fmt.dateTime(v, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
  const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? t("ms", { n: v }) : t("seconds", { n: Math.round(v / 100) / 10 }));
  const qs = (extra: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined && v !== "") p.set(k, String(v));
    return `/console/integrations?${p}`;
  };
  const done = ["replayed", "discarded", "unchanged"].find((k) => k === sp.done) as "replayed" | "discarded" | "unchanged" | undefined;

  return (
    <div className="space-y-6" data-testid="integrations">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {done ? (
        <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">
          {t(`done.${done}`)}
        </p>
      ) : null}
      {sp.error ? (
        <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">
          {t("actionFailed")}
        </p>
      ) : null}

      <section className="grid grid-cols-5 gap-4" data-testid="source-health">
        {health.map((h) => (
          <Card key={h.source} data-testid={`source-${h.source}`}>
            <CardHeader>
              <div className="flex items-center gap-2">
                <span className="flex size-8 items-center justify-center rounded-lg bg-brand-50 text-brand-600 [&_svg]:size-4">
                  <PlugZap aria-hidden />
                </span>
                <CardTitle>{t(`sources.${h.source}`)}</CardTitle>
              </div>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm [&_dt]:whitespace-nowrap">
                <dt className="text-slate-500">{t("eventsToday")}</dt>
                <dd className="text-right font-semibold tabular-nums text-slate-900">{fmt.number(h.eventsToday)}</dd>
                <dt className="text-slate-500">{t("lastEvent")}</dt>
                <dd className="text-right tabular-nums text-slate-700">{h.lastEventAt ? short(h.lastEventAt) : t("never")}</dd>
                <dt className="text-slate-500">{t("failures")}</dt>
                <dd className={`text-right font-semibold tabular-nums ${h.failures > 0 ? "text-rose-600" : "text-slate-900"}`}>{fmt.number(h.failures)}</dd>
                <dt className="text-slate-500">{t("pending")}</dt>
                <dd className="text-right tabular-nums text-slate-700">{fmt.number(h.pending)}</dd>
                <dt className="text-slate-500" title={t("lagHint")}>{t("lag")}</dt>
                <dd className="text-right tabular-nums text-slate-700" title={t("lagHint")}>
                  {ms(h.lagP50Ms)} / {ms(h.lagP95Ms)}
                </dd>
              </dl>
            </CardContent>
          </Card>
        ))}
      </section>

      <Card data-testid="dead-letters">
        <CardHeader>
          <div>
            <CardTitle>{t("deadLetters")}</CardTitle>
            <CardDescription>{t("deadLettersHint")}</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {dead.length === 0 ? (
            <EmptyState icon={<CheckCircle2 />} title={t("noDeadLetters")} className="py-6" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("col.id")}</TableHead>
                  <TableHead>{t("col.source")}</TableHead>
                  <TableHead>{t("col.type")}</TableHead>
                  <TableHead>{t("col.attempts")}</TableHead>
                  <TableHead>{t("col.error")}</TableHead>
                  <TableHead>{t("col.received")}</TableHead>
                  <TableHead className="text-right">{t("col.actions")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {dead.map((d) => (
                  <TableRow key={d.id} data-testid={`dead-${d.id}`}>
                    <TableCell className="tabular-nums">{d.id}</TableCell>
                    <TableCell>{t(`sources.${d.source}`)}</TableCell>
                    <TableCell className="font-mono text-xs">{d.eventType}</TableCell>
                    <TableCell className="tabular-nums">{d.attempts}</TableCell>
                    <TableCell className="max-w-md truncate text-rose-700" title={d.lastError ?? ""}>
                      {d.lastError}
                    </TableCell>
                    <TableCell className="tabular-nums">{dt(d.receivedAt)}</TableCell>
                    <TableCell className="text-right">
                      <div className="flex justify-end gap-2">
                        <form action={replayDeadLetterAction}>
                          <input type="hidden" name="id" value={d.id} />
                          <Button type="submit" size="sm" variant="secondary">
                            {t("replay")}
                          </Button>
                        </form>
                        <form action={discardDeadLetterAction}>
                          <input type="hidden" name="id" value={d.id} />
                          <Button type="submit" size="sm" variant="outline">
                            {t("discard")}
                          </Button>
                        </form>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <div className="grid grid-cols-[1fr_420px] gap-6">
        <Card data-testid="inbox">
          <CardHeader>
            <div>
              <CardTitle>{t("inbox")}</CardTitle>
              <CardDescription>{t("inboxHint")}</CardDescription>
            </div>
            <ExportButtons report="inbox" params={{ source: filter.source, type: filter.type, status: filter.status, from: filter.from, to: filter.to }} />
          </CardHeader>
          <CardContent className="space-y-4">
            <form className="flex flex-wrap items-end gap-3" action="/console/integrations" method="get" data-testid="inbox-filters">
              <label className="flex flex-col gap-1 text-xs text-slate-500">
                <span>{t("col.source")}</span>
                <Select name="source" defaultValue={filter.source ?? ""}>
                  <option value="">{t("all")}</option>
                  {SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {t(`sources.${s}`)}
                    </option>
                  ))}
                </Select>
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-500">
                <span>{t("col.type")}</span>
                <Input name="type" defaultValue={filter.type ?? ""} placeholder={t("typePlaceholder")} className="w-56" />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-500">
                <span>{t("col.status")}</span>
                <Select name="status" defaultValue={filter.status ?? ""}>
                  <option value="">{t("all")}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </Select>
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-500">
                <span>{t("from")}</span>
                <Input type="date" name="from" defaultValue={filter.from ?? ""} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-500">
                <span>{t("to")}</span>
                <Input type="date" name="to" defaultValue={filter.to ?? ""} />
              </label>
              <Button type="submit" size="sm">
                {t("filter")}
              </Button>
              <Link href="/console/integrations" className="h-9 px-2 text-sm leading-9 text-slate-500 hover:text-slate-900">
                {t("reset")}
              </Link>
            </form>
            {inbox.rows.length === 0 ? (
              <EmptyState icon={<Inbox />} title={t("emptyInbox")} description={t("emptyInboxHint")} className="py-10" />
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("col.id")}</TableHead>
                    <TableHead>{t("col.source")}</TableHead>
                    <TableHead>{t("col.type")}</TableHead>
                    <TableHead>{t("col.status")}</TableHead>
                    <TableHead>{t("col.received")}</TableHead>
                    <TableHead>{t("col.lag")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {inbox.rows.map((r) => (
                    <TableRow key={r.id} data-testid={`inbox-row-${r.id}`} className={r.id === detail?.id ? "bg-brand-50/60" : undefined}>
                      <TableCell className="tabular-nums">
                        <Link href={qs({ event: r.id })} className="text-brand-600 hover:underline">
                          {r.id}
                        </Link>
                      </TableCell>
                      <TableCell>
                        {t(`sources.${r.source}`)}
                        {r.channel !== "http" ? <span className="ml-1 text-xs text-slate-400">({t(`channel.${r.channel}`)})</span> : null}
                      </TableCell>
                      <TableCell className="font-mono text-xs">{r.eventType}</TableCell>
                      <TableCell>
                        <Badge tone={STATUS_TONE[r.status]} title={r.parkReason ?? r.lastError ?? undefined}>
                          {t(`status.${r.status}`)}
                        </Badge>
                      </TableCell>
                      <TableCell className="tabular-nums">{dt(r.receivedAt)}</TableCell>
                      <TableCell className="tabular-nums">{r.handledAt ? ms(r.handledAt.getTime() - r.receivedAt.getTime()) : "—"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {inbox.nextBefore ? (
              <div className="flex justify-end">
                <Link href={qs({ before: inbox.nextBefore, event: undefined })} className="text-sm text-brand-600 hover:underline">
                  {t("older")}
                </Link>
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card data-testid="event-detail" className="self-start">
          <CardHeader>
            <div>
              <CardTitle>{detail ? t("eventTitle", { id: detail.id }) : t("payload")}</CardTitle>
              <CardDescription>{t("maskedHint")}</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            {!detail ? (
              <EmptyState icon={<Clock />} title={t("pickEvent")} className="py-10" />
            ) : (
              <div className="space-y-3 text-sm">
                <dl className="grid grid-cols-[96px_1fr] gap-y-1.5">
                  <dt className="text-slate-500">{t("col.type")}</dt>
                  <dd className="font-mono text-xs leading-5">{detail.eventType}</dd>
                  <dt className="text-slate-500">{t("dedupeKey")}</dt>
                  <dd className="break-all font-mono text-xs leading-5">{detail.dedupeKey}</dd>
                  <dt className="text-slate-500">{t("col.status")}</dt>
                  <dd>
                    <Badge tone={STATUS_TONE[detail.status]}>{t(`status.${detail.status}`)}</Badge>
                  </dd>
                  <dt className="text-slate-500">{t("col.attempts")}</dt>
                  <dd className="tabular-nums">{detail.attempts}</dd>
                  {detail.parkReason ? (
                    <>
                      <dt className="text-slate-500">{t("reason")}</dt>
                      <dd>{detail.parkReason}</dd>
                    </>
                  ) : null}
                  {detail.lastError ? (
                    <>
                      <dt className="text-slate-500">{t("col.error")}</dt>
                      <dd className="flex items-start gap-1 text-rose-700">
                        <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
                        {detail.lastError}
                      </dd>
                    </>
                  ) : null}
                </dl>
                <pre className="max-h-[480px] overflow-auto rounded-lg bg-slate-900 p-3 text-xs leading-5 text-slate-100" data-testid="payload">
                  {JSON.stringify(detail.payload, null, 2)}
                </pre>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
