// One approval item in the console: who applied, where it came from, its result, the path step by step with per-step
// timings (each approver: when the step reached them, when they decided, how long it took — or how long it has been
// waiting) and the whole audit log (every act with who, when, client, comment). Out of scope or unknown → 404.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { consoleApprovalItem } from "@/lib/approvals/console/queries";
import { detailOf } from "@/lib/approvals/console/detail";
import { requireViewer } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/ui/format";
import { consoleScope } from "@/lib/ui/console-access";
import { formatContext } from "@/lib/ui/server";
import { parseId } from "@/lib/validation";
import { durationText } from "../shared";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("approvalsConsole"))("heading") };
}

const STATUS_TONE = { open: "brand", decided: "success", cancelled: "neutral", decided_in_oa: "warning" } as const;

export default async function ApprovalConsoleItemPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const id = parseId((await params).id) ?? notFound();
  const item = await consoleApprovalItem(await getDb(), viewer, id);
  if (!item) notFound();
  const t = await getTranslations("approvalsConsole");
  const ctx = await formatContext();
  const r = item.row;
  const labels = {
    outcomes: t.raw("log.outcomes") as Record<string, string>,
    answers: t.raw("log.answers") as Record<string, string>,
    acts: t.raw("log.acts") as Record<string, string>,
  };
  const stepStatus = (s: string) => (t.has(`item.stepStatus.${s}`) ? t(`item.stepStatus.${s as "active"}`) : s);

  return (
    <div className="space-y-5" data-testid="approval-console-item" data-item={r.id}>
      <Link href="/console/approvals" className="inline-flex items-center gap-1.5 text-sm text-slate-500 hover:text-slate-900">
        <ArrowLeft className="size-4" aria-hidden />
        {t("item.back")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="approval-console-title">{r.title}</h1>
        <span className="flex items-center gap-1.5">
          {r.overdue ? <Badge tone="danger">{t("overdue")}</Badge> : null}
          {r.revoked ? (
            <Badge tone="neutral" data-testid="approval-console-status">{t("status.revoked")}</Badge>
          ) : (
            <Badge tone={STATUS_TONE[r.status]} data-testid="approval-console-status">{t(`status.${r.status}`)}</Badge>
          )}
        </span>
      </div>

      <Card className="p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-900">{t("item.meta")}</h2>
        <dl className="grid grid-cols-[7rem_1fr_7rem_1fr] gap-x-4 gap-y-2 text-[13px]">
          <dt className="text-slate-500">{t("columns.applicant")}</dt>
          <dd className="text-slate-900">{r.applicantName} · {r.applicantNo}</dd>
          <dt className="text-slate-500">{t("columns.department")}</dt>
          <dd className="text-slate-900">{r.department ?? "—"}</dd>
          <dt className="text-slate-500">{t("columns.source")}</dt>
          <dd className="text-slate-900">{t.has(`sources.${r.source}`) ? t(`sources.${r.source as "oa"}`) : r.source}{r.flowName ? ` · ${r.flowName}` : ""}</dd>
          <dt className="text-slate-500">{t("item.externalId")}</dt>
          <dd className="text-slate-900 tabular-nums">{r.externalId}</dd>
          <dt className="text-slate-500">{t("columns.submittedAt")}</dt>
          <dd className="text-slate-900 tabular-nums">{formatDateTime(r.submittedAt, ctx)}</dd>
          <dt className="text-slate-500">{t("columns.dueAt")}</dt>
          <dd className={`tabular-nums ${r.overdue ? "font-medium text-rose-600" : "text-slate-900"}`}>{r.dueAt ? formatDateTime(r.dueAt, ctx) : "—"}</dd>
          <dt className="text-slate-500">{t("item.decision")}</dt>
          <dd className="text-slate-900">{r.outcome ? `${t(`outcome.${r.outcome}`)} · ${r.decidedAt ? formatDateTime(r.decidedAt, ctx) : ""}` : "—"}</dd>
          <dt className="text-slate-500">{t("columns.duration")}</dt>
          <dd className="text-slate-900 tabular-nums" data-testid="approval-console-duration">{durationText(t, r.decideSeconds)}</dd>
        </dl>
      </Card>

      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">{t("item.steps")}</h2>
        <table className="w-full text-left text-[13px]" data-testid="approval-steps-table">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className="px-5 py-2 font-medium">{t("item.step")}</th>
              <th className="px-3 py-2 font-medium">{t("item.who")}</th>
              <th className="px-3 py-2 font-medium">{t("item.activatedAt")}</th>
              <th className="px-3 py-2 font-medium">{t("item.decidedAt")}</th>
              <th className="px-3 py-2 font-medium">{t("columns.status")}</th>
              <th className="px-5 py-2 text-right font-medium">{t("item.took")}</th>
            </tr>
          </thead>
          <tbody>
            {item.steps.flatMap((s) =>
              s.approvers.map((a, i) => (
                <tr key={`${s.index}-${a.id}`} className="border-t border-slate-100 align-top" data-testid="step-timing" data-step={s.index} data-approver={a.name} data-outcome={a.outcome ?? ""}>
                  <td className="px-5 py-2 whitespace-nowrap text-slate-700">
                    {i === 0 ? (
                      <>
                        {t("item.stepTitle", { n: s.index + 1, mode: t(`item.mode.${s.mode}`) })}
                        <span className="block text-xs text-slate-400">{stepStatus(s.status)}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-900">{a.name}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums text-slate-600" data-col="activated">{s.activatedAt ? formatDateTime(s.activatedAt, ctx) : t("item.notReached")}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums text-slate-600" data-col="decided">{a.decidedAt ? formatDateTime(a.decidedAt, ctx) : "—"}</td>
                  <td className="px-3 py-2 text-slate-700">
                    {a.outcome ? t(`outcome.${a.outcome}`) : a.waiting ? t("item.stepStatus.active") : "—"}
                    {a.comment ? <span className="block text-xs text-slate-500">“{a.comment}”</span> : null}
                    {a.client ? <span className="block text-xs text-slate-400">{a.client}</span> : null}
                  </td>
                  <td className={`px-5 py-2 text-right whitespace-nowrap tabular-nums ${a.waiting ? "text-amber-700" : "text-slate-900"}`} data-col="took">
                    {a.waiting ? t("item.waitingFor", { d: durationText(t, a.seconds) }) : durationText(t, a.seconds)}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Card>

      <Card className="overflow-hidden">
        <h2 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">{t("item.log")}</h2>
        <table className="w-full text-left text-[13px]" data-testid="approval-log-table">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className="px-5 py-2 font-medium">{t("item.logWhen")}</th>
              <th className="px-3 py-2 font-medium">{t("item.logAct")}</th>
              <th className="px-3 py-2 font-medium">{t("item.logWho")}</th>
              <th className="px-3 py-2 font-medium">{t("item.logClient")}</th>
              <th className="px-5 py-2 font-medium">{t("item.logComment")}</th>
            </tr>
          </thead>
          <tbody>
            {item.events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="log-row" data-kind={e.kind}>
                <td className="px-5 py-2 whitespace-nowrap tabular-nums text-slate-600">{formatDateTime(e.at, ctx)}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-900">{labels.acts[e.kind] ?? e.kind}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-700">{e.actorName ?? t("log.system")}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-500">{e.client}</td>
                <td className="px-5 py-2 text-slate-700">
                  {e.comment ? <span className="block">“{e.comment}”</span> : null}
                  <span className="text-xs text-slate-500">{detailOf(e, labels) ?? ""}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
