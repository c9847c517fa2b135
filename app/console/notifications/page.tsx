// Notification delivery (消息推送) for HR/admin: the outbox by kind × channel × status over a window, failures with
// their reasons, and recent sent messages. Recipients are masked; nothing here shows a phone number or vendor id.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BellOff, CheckCircle2 } from "lucide-react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ExportButtons } from "@/components/exports/export-buttons";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeDelivery, deliveryKinds, deliveryState, OUTBOX_STATUSES, type DeliveryLine } from "@/lib/notifications/delivery-queries";
import { formatDateTime, formatNumber } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";

export const dynamic = "force-dynamic";

const query = z.object({
  channel: z.enum(["wecom", "dingtalk"]).optional().catch(undefined),
  kind: z.string().trim().max(64).regex(/^[a-z0-9_.:-]*$/).optional().catch(undefined),
  days: z.coerce.number().int().refine((d) => [1, 7, 30].includes(d)).optional().catch(undefined),
});
const TONE = { pending: "neutral", sending: "brand", sent: "success", failed: "warning", unknown: "warning", dead: "danger" } as const;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("meetingsUi.notifications");
  if (!canSeeDelivery(viewer)) return <ForbiddenCard body={t("forbidden")} />;
  const raw = await searchParams;
  const q = query.parse({ channel: raw.channel, kind: raw.kind || undefined, days: raw.days });
  const days = q.days ?? 7;
  const ctx = await formatContext();
  // A database failure is thrown: the answer is a 500 (app/error.tsx shows a reference), not a 200 error card.
  const db = await getDb();
  const [state, kinds] = await Promise.all([deliveryState(db, viewer, { days, channel: q.channel, kind: q.kind }), deliveryKinds(db, viewer)]);
  const kindLabel = (k: string) => (t.has(`kinds.${k}`) ? t(`kinds.${k}` as "kinds.meeting_reminder") : k);
  const href = (p: Partial<{ channel: string; kind: string; days: number }>) => {
    const s = new URLSearchParams();
    const next = { channel: q.channel, kind: q.kind, days, ...p };
    if (next.channel) s.set("channel", next.channel);
    if (next.kind) s.set("kind", next.kind);
    if (next.days !== 7) s.set("days", String(next.days));
    const str = s.toString();
    return `/console/notifications${str ? `?${str}` : ""}`;
  };
  const chip = (active: boolean) =>
    `rounded-lg px-3 py-1.5 text-sm ${active ? "bg-brand-500 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"}`;
  const total = OUTBOX_STATUSES.reduce((n, s) => n + state.totals[s], 0);
  const lineRow = (l: DeliveryLine, showError: boolean) => (
    <tr key={l.id} data-status={l.status} data-kind={l.kind}>
      <td className="px-4 py-2.5 tabular-nums text-slate-500">{formatDateTime(l.at, ctx)}</td>
      <td className="px-4 py-2.5 text-slate-700">{kindLabel(l.kind)}</td>
      <td className="px-4 py-2.5 text-slate-600">{t(`channels.${l.channel}`)}</td>
      <td className="max-w-[220px] truncate px-4 py-2.5 text-slate-900">{l.title || "—"}</td>
      <td className="px-4 py-2.5 text-slate-600" data-testid="masked-recipient">{l.recipient}</td>
      {showError ? (
        <>
          <td className="px-4 py-2.5"><Badge tone={TONE[l.status]}>{t(`status.${l.status}`)}</Badge> <span className="text-xs text-slate-500">{t("attempts", { n: l.attempts })}</span></td>
          <td className="max-w-[320px] px-4 py-2.5 text-xs leading-5 text-rose-700">{l.lastError ?? "—"}{l.status === "failed" ? <span className="block text-slate-500">{t("nextAttempt", { at: formatDateTime(l.nextAttemptAt, ctx) })}</span> : null}</td>
        </>
      ) : null}
    </tr>
  );

  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900" data-testid="notifications-heading">{t("heading")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subheading", { days })}</p>
        </div>
        <div className="flex items-center gap-4">
          <div className="flex gap-2" aria-label={t("filters.window")}>
            {[1, 7, 30].map((d) => <Link key={d} href={href({ days: d })} className={chip(days === d)}>{t("filters.days", { n: d })}</Link>)}
          </div>
          <ExportButtons report="notifications" params={{ channel: q.channel, kind: q.kind, days: days === 7 ? undefined : days }} />
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="mr-1 text-slate-500">{t("filters.channel")}</span>
        <Link href={href({ channel: "" })} className={chip(!q.channel)}>{t("filters.all")}</Link>
        <Link href={href({ channel: "wecom" })} className={chip(q.channel === "wecom")}>{t("channels.wecom")}</Link>
        <Link href={href({ channel: "dingtalk" })} className={chip(q.channel === "dingtalk")}>{t("channels.dingtalk")}</Link>
        <span className="ml-4 mr-1 text-slate-500">{t("filters.kind")}</span>
        <Link href={href({ kind: "" })} className={chip(!q.kind)}>{t("filters.all")}</Link>
        {kinds.map((k) => <Link key={k} href={href({ kind: k })} className={chip(q.kind === k)}>{kindLabel(k)}</Link>)}
      </div>

      <div className="grid grid-cols-4 gap-4" data-testid="delivery-totals">
        <Stat label={t("totals.all")} value={formatNumber(total, ctx.locale)} tone="brand" />
        <Stat label={t("totals.sent")} value={formatNumber(state.totals.sent, ctx.locale)} tone="success" />
        <Stat label={t("totals.waiting")} value={formatNumber(state.totals.pending + state.totals.sending + state.totals.failed, ctx.locale)} hint={t("totals.waitingHint")} tone="warning" />
        <Stat label={t("totals.dead")} value={formatNumber(state.totals.dead, ctx.locale)} tone="danger" />
      </div>

      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-100 px-5 py-4 text-base font-semibold text-slate-900">{t("summary.title")}</h2>
        {state.summary.length ? (
          <table className="w-full text-left text-sm" data-testid="delivery-summary">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-5 py-2 font-medium">{t("summary.kind")}</th>
                <th className="px-5 py-2 font-medium">{t("summary.channel")}</th>
                {OUTBOX_STATUSES.map((s) => <th key={s} className="px-5 py-2 text-right font-medium">{t(`status.${s}`)}</th>)}
                <th className="px-5 py-2 text-right font-medium">{t("summary.total")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {state.summary.map((r) => (
                <tr key={`${r.kind}|${r.channel}`} data-kind={r.kind} data-channel={r.channel}>
                  <td className="px-5 py-2.5 text-slate-900">{kindLabel(r.kind)}</td>
                  <td className="px-5 py-2.5 text-slate-600">{t(`channels.${r.channel}`)}</td>
                  {OUTBOX_STATUSES.map((s) => (
                    <td key={s} className={`px-5 py-2.5 text-right tabular-nums ${r.counts[s] && (s === "dead" || s === "failed") ? "font-medium text-rose-600" : "text-slate-600"}`}>{r.counts[s] || "·"}</td>
                  ))}
                  <td className="px-5 py-2.5 text-right font-medium tabular-nums text-slate-900">{r.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <EmptyState icon={<BellOff />} title={t("summary.emptyTitle")} description={t("summary.emptyBody")} data-testid="delivery-empty" />
        )}
      </Card>

      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-100 px-5 py-4 text-base font-semibold text-slate-900">{t("failures.title")}</h2>
        {state.failures.length ? (
          <table className="w-full text-left text-sm" data-testid="delivery-failures">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">{t("cols.time")}</th><th className="px-4 py-2 font-medium">{t("cols.kind")}</th><th className="px-4 py-2 font-medium">{t("cols.channel")}</th>
                <th className="px-4 py-2 font-medium">{t("cols.title")}</th><th className="px-4 py-2 font-medium">{t("cols.recipient")}</th><th className="px-4 py-2 font-medium">{t("cols.status")}</th><th className="px-4 py-2 font-medium">{t("cols.reason")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{state.failures.map((l) => lineRow(l, true))}</tbody>
          </table>
        ) : (
          <EmptyState icon={<CheckCircle2 />} title={t("failures.emptyTitle")} description={t("failures.emptyBody")} />
        )}
      </Card>

      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-100 px-5 py-4 text-base font-semibold text-slate-900">{t("recent.title")}</h2>
        {state.recentSent.length ? (
          <table className="w-full text-left text-sm" data-testid="delivery-recent">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr><th className="px-4 py-2 font-medium">{t("cols.sentAt")}</th><th className="px-4 py-2 font-medium">{t("cols.kind")}</th><th className="px-4 py-2 font-medium">{t("cols.channel")}</th><th className="px-4 py-2 font-medium">{t("cols.title")}</th><th className="px-4 py-2 font-medium">{t("cols.recipient")}</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{state.recentSent.map((l) => lineRow(l, false))}</tbody>
          </table>
        ) : (
          <EmptyState icon={<BellOff />} title={t("recent.emptyTitle")} description={t("recent.emptyBody")} />
        )}
        <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">{t("privacy")}</p>
      </Card>
    </div>
  );
}
