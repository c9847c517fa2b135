// 审批管理 (issue 15 items 5 and 7): every approval item — from the OA, our own flows, WeCom and DingTalk — with
// filters (status, source, flow, department subtree, submission period, overdue), newest first, 50 a page; each row
// opens the item's path with per-step timings; the audit log of the filtered items downloads as CSV or XLSX.
// HR/admin see every item, a manager the items of people in the departments they lead; others have no console.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FileCheck2 } from "lucide-react";
import { BadQueryCard, queryIssues, ReportHeading } from "@/components/console/report-frame";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { approvalsConsoleQuery, CONSOLE_PAGE_SIZE, consoleApprovals, consoleFlows } from "@/lib/approvals/console/queries";
import { sheetDepartments } from "@/lib/attendance/sheet";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/ui/format";
import { consoleScope } from "@/lib/ui/console-access";
import { formatContext } from "@/lib/ui/server";
import { ApprovalFilters, ApprovalTabs, durationText, filterParams, hrefWith } from "./shared";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("approvalsConsole"))("heading") };
}

const STATUS_TONE = { open: "brand", decided: "success", cancelled: "neutral", decided_in_oa: "warning" } as const;

export default async function ApprovalsConsolePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("approvalsConsole");
  const ctx = await formatContext();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = approvalsConsoleQuery.safeParse(raw);
  const heading = <ReportHeading title={t("heading")} subtitle={canSeeEveryone(viewer) ? t("subheading") : t("subheadingManager")} testId="approvals-heading" />;
  if (!parsed.success) {
    return <BadQueryCard heading={heading} title={t("badQuery")} description={queryIssues(parsed.error)} resetHref="/console/approvals" resetLabel={t("filters.reset")} testId="approvals-bad-query" />;
  }
  const q = parsed.data;
  const db = await getDb();
  let list;
  try {
    list = await consoleApprovals(db, viewer, q);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  const [flows, departments] = await Promise.all([consoleFlows(db), sheetDepartments(db, viewer)]);
  const params = filterParams(q);
  const pages = Math.max(1, Math.ceil(list.total / CONSOLE_PAGE_SIZE));
  const sourceName = (s: string) => (["oa", "app", "wecom", "dingtalk"].includes(s) ? t(`sources.${s as "oa"}`) : s);

  return (
    <div className="space-y-5" data-testid="approvals-page">
      <div className="flex flex-wrap items-end justify-between gap-4">
        {heading}
        <ApprovalTabs t={t} active="list" params={params} />
      </div>
      <ApprovalFilters t={t} action="/console/approvals" q={q} flows={flows} departments={departments} withStatus />
      <Card className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
        <div>
          <p className="text-sm font-medium text-slate-900">{t("exportLog")}</p>
          <p className="text-xs text-slate-500">{t("exportHint")}</p>
        </div>
        <ExportButtons report="approval-log" path="/console/approvals/export" params={{ ...params, page: undefined }} />
      </Card>

      {list.rows.length === 0 ? (
        <Card>
          <EmptyState icon={<FileCheck2 />} title={t("emptyTitle")} description={t("emptyBody")} data-testid="approvals-empty" />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <div className="flex items-baseline justify-between border-b border-slate-100 px-5 py-3">
            <p className="text-sm text-slate-600" data-testid="approvals-total">{t("total", { n: list.total })}</p>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-[13px]" data-testid="approvals-table">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">{t("columns.title")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.source")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.applicant")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.department")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.submittedAt")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.dueAt")}</th>
                  <th className="px-3 py-2 font-medium">{t("columns.status")}</th>
                  <th className="px-3 py-2 text-right font-medium">{t("columns.duration")}</th>
                  <th className="px-5 py-2" />
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="approval-row" data-item={r.id} data-status={r.status} data-source={r.source} data-overdue={r.overdue ? "" : undefined}>
                    <td className="max-w-xs px-5 py-2">
                      <Link href={`/console/approvals/${r.id}`} className="line-clamp-2 text-slate-900 hover:text-brand-700">
                        {r.title}
                      </Link>
                      {r.flowName ? <span className="text-xs text-slate-400">{r.flowName}</span> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">{sourceName(r.source)}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-900">{r.applicantName}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">{r.department ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums text-slate-600">{formatDateTime(r.submittedAt, ctx)}</td>
                    <td className={`px-3 py-2 whitespace-nowrap tabular-nums ${r.overdue ? "font-medium text-rose-600" : "text-slate-600"}`}>{r.dueAt ? formatDateTime(r.dueAt, ctx) : "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {r.revoked ? <Badge tone="neutral">{t("status.revoked")}</Badge> : <Badge tone={STATUS_TONE[r.status]}>{t(`status.${r.status}`)}</Badge>}
                      {r.overdue ? <Badge tone="danger" className="ml-1" data-testid="approval-row-overdue">{t("overdue")}</Badge> : null}
                      {r.outcome ? <span className="ml-1.5 text-xs text-slate-500">{t(`outcome.${r.outcome}`)}</span> : null}
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums text-slate-700" data-col="duration">{durationText(t, r.decideSeconds)}</td>
                    <td className="px-5 py-2 text-right">
                      <Link href={`/console/approvals/${r.id}`} className="whitespace-nowrap text-brand-600" data-testid="approval-row-open">
                        {t("open")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <div className="flex items-center justify-end gap-3 border-t border-slate-100 px-5 py-3 text-sm" data-testid="approvals-pager">
              {list.page > 1 ? <Link href={hrefWith("/console/approvals", filterParams(q, list.page - 1))} className="text-brand-600">{t("prev")}</Link> : null}
              <span className="text-slate-500">{t("pageOf", { page: list.page, pages })}</span>
              {list.page < pages ? <Link href={hrefWith("/console/approvals", filterParams(q, list.page + 1))} className="text-brand-600">{t("next")}</Link> : null}
            </div>
          ) : null}
        </Card>
      )}
    </div>
  );
}
