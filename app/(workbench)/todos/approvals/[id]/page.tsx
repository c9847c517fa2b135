// One OA approval todo on the phone: the form, attachments, who applied and who decides, the decision and the OA's
// answer to its write-back, the audit trail (who did what when, from which client), and — for a current approver
// while it is open — the comment box with 同意 / 拒绝 / 退回 (the only client code on the page).
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AlertTriangle, CheckCircle2, CircleSlash, Clock, ExternalLink, Paperclip, Send, UserRound } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { clientOf } from "@/lib/approvals/decide";
import { TIMEOUT_CLIENT } from "@/lib/approvals/escalation/access";
import { approvalItemForViewer, recordView, type ApprovalItemView } from "@/lib/approvals/queries";
import { requireViewer } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { parseId } from "@/lib/validation";
import { DecisionForm } from "./decision-form";
import { RevokeForm } from "./revoke-form";
import { TransferForm } from "./transfer-form";
import { WithdrawButton } from "./withdraw-button";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvals");
  return { title: t("title") };
}

const STATUS_TONE = { open: "brand", decided: "success", cancelled: "neutral", decided_in_oa: "warning" } as const;
const WRITE_BACK_ICON = {
  pending: <Send className="size-4 text-slate-400" aria-hidden />,
  accepted: <CheckCircle2 className="size-4 text-emerald-600" aria-hidden />,
  already_decided: <AlertTriangle className="size-4 text-amber-600" aria-hidden />,
  failed: <AlertTriangle className="size-4 text-rose-600" aria-hidden />,
  skipped: <CircleSlash className="size-4 text-slate-400" aria-hidden />,
} as const;

type T = Awaited<ReturnType<typeof getTranslations<"approvals">>>;

function eventLabel(t: T, e: ApprovalItemView["events"][number]): string {
  switch (e.kind) {
    case "update":
      return t("event.update", { version: Number(e.details.version ?? 0) });
    case "cancel":
      return e.details.note === "after_decision" ? t("event.cancel_after_decision") : t("event.cancel");
    case "decide":
      if (e.client === TIMEOUT_CLIENT) return t("event.decide_timeout", { outcome: t(`outcome.${(e.details.outcome as "agree") ?? "agree"}`) });
      if (e.details.onBehalfOf) return t("event.decide_as_agent", { name: String(e.details.onBehalfOfName ?? "?"), outcome: t(`outcome.${(e.details.outcome as "agree") ?? "agree"}`) });
      return t("event.decide", { outcome: t(`outcome.${(e.details.outcome as "agree") ?? "agree"}`) });
    case "transfer":
      if (e.details.onBehalfOf) return t("event.transfer_as_agent", { name: String(e.details.toName ?? "?"), principal: String(e.details.onBehalfOfName ?? "?") });
      return t("event.transfer", { name: String(e.details.toName ?? "?") });
    case "remind":
      return t("event.remind", { names: namesIn(e.details), n: Number(e.details.n ?? 1) });
    case "escalate":
      return namesIn(e.details) ? t("event.escalate", { names: namesIn(e.details) }) : t("event.escalate_nobody");
    case "write_back":
      // a native DingTalk approval: the answer came from DingTalk, not an OA
      if (e.details.to === "dingtalk") return t("event.write_back_vendor", { vendor: t("sourceDingtalk"), answer: e.details.answer === "already_decided" ? t("decidedInDingtalkAnswer") : t("writeBackAnswer.accepted") });
      return t("event.write_back", { answer: t(`writeBackAnswer.${(e.details.answer as "accepted") ?? "pending"}`) });
    case "submit":
      return t("event.submit");
    case "withdraw":
      return t("event.withdraw");
    case "revoke":
      return e.details.by === "hr" ? t("event.revoke_by_hr") : t("event.revoke");
    default:
      return t("event.view");
  }
}

/** The people a 审批超时 event went to, as recorded with it. */
const namesIn = (details: Record<string, unknown>) => (Array.isArray(details.names) ? details.names.map(String).join("、") : "");

/** The request's instant (a server component renders once per request). */
async function requestTime(): Promise<number> {
  return new Date().getTime();
}

export default async function ApprovalItemPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound();
  const db = await getDb();
  const t = await getTranslations("approvals");
  const tt = await getTranslations("todos");
  const ctx = await formatContext();
  let item = await approvalItemForViewer(db, viewer, id);
  if (!item) notFound();
  if (item.approvers.some((a) => a.id === viewer.employeeId)) {
    await recordView(db, viewer, id, clientOf((await headers()).get("user-agent")));
    item = (await approvalItemForViewer(db, viewer, id))!;
  }
  const d = item.decision;
  const overdue = item.status === "open" && item.dueAt !== null && item.dueAt.getTime() < (await requestTime());
  const isApprover = item.approvers.some((a) => a.id === viewer.employeeId);
  const tf = await getTranslations("approvalFlows");
  const ours = item.steps !== null;
  // A 补卡 already written to WeCom attendance stays there after 撤销 (no API removes it): HR is told where to fix it.
  const wecomKept = item.events.some((e) => e.kind === "revoke" && e.details.wecomCorrectionKept === true);
  const refusedInAll = item.steps?.some((s) => s.mode === "all" && s.status === "refused") ?? false;

  return (
    <>
      <TopBar title={t("title")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <Card className="space-y-3 p-4" data-testid="approval-head">
          <div className="flex items-start justify-between gap-3">
            <h2 className="text-lg font-semibold leading-7 text-slate-900" data-testid="approval-title">{item.title}</h2>
            <span className="flex shrink-0 items-center gap-1.5">
              {overdue ? <Badge tone="danger" data-testid="approval-overdue">{t("overdue")}</Badge> : null}
              {item.revoked ? (
                <Badge tone="neutral" className="shrink-0" data-testid="approval-status" data-revoked>{tf("revokedBadge")}</Badge>
              ) : (
                <Badge tone={STATUS_TONE[item.status]} className="shrink-0" data-testid="approval-status">{t(`status.${item.status}`)}</Badge>
              )}
            </span>
          </div>
          <dl className="grid grid-cols-[5.5rem_1fr] gap-x-3 gap-y-1.5 text-[14px]">
            <dt className="text-slate-500">{t("applicant")}</dt>
            <dd className="text-slate-800">{item.applicant.name}{item.applicant.department ? ` · ${item.applicant.department}` : ""}</dd>
            <dt className="text-slate-500">{t("submittedAt")}</dt>
            <dd className="text-slate-800">{formatDateTime(item.submittedAt, ctx)}</dd>
            {item.dueAt ? (
              <>
                <dt className="text-slate-500">{t("dueAt")}</dt>
                <dd className={overdue ? "font-medium text-rose-600" : "text-slate-800"}>
                  {formatDateTime(item.dueAt, ctx)}
                  {overdue ? ` · ${t("overdue")}` : ""}
                </dd>
              </>
            ) : null}
            <dt className="text-slate-500">{t("approvers")}</dt>
            <dd className="text-slate-800">{item.approvers.length ? item.approvers.map((a) => a.name).join("、") : "—"}</dd>
          </dl>
        </Card>

        {item.status === "decided_in_oa" ? (
          <div className="flex items-start gap-2 rounded-2xl bg-amber-50 px-4 py-3 text-[14px] leading-6 text-amber-800" role="status" data-testid="approval-decided-in-oa">
            <AlertTriangle className="mt-1 size-4 shrink-0" aria-hidden />
            <span><b>{t("decidedInOaNotice")}</b> · {t("writeBack.already_decided")}</span>
          </div>
        ) : null}
        {item.revoked ? (
          <div className="space-y-1 rounded-2xl bg-slate-100 px-4 py-3 text-[14px] leading-6 text-slate-700" role="status" data-testid="approval-revoked">
            <p className="font-medium">{tf("revokedNotice", { name: item.revoked.byName, time: formatDateTime(item.revoked.at, ctx) })}</p>
            {item.revoked.reason ? <p className="whitespace-pre-wrap text-slate-600">“{item.revoked.reason}”</p> : null}
            <p className="text-[13px] text-slate-500">{tf("revokedEffects")}</p>
            {wecomKept ? <p className="text-[13px] text-amber-700" data-testid="approval-revoked-wecom-kept">{t("event.revoke_wecom_kept")}</p> : null}
          </div>
        ) : null}
        {item.status === "cancelled" ? (
          <div className="rounded-2xl bg-slate-100 px-4 py-3 text-[14px] text-slate-600" role="status" data-testid="approval-cancelled">{ours ? tf("withdrawnNotice") : t("cancelledNotice")}</div>
        ) : null}

        <section className="space-y-2">
          <SectionHeader title={t("form")} />
          <Card className="p-4" data-testid="approval-fields">
            {item.fields.length ? (
              <dl className="divide-y divide-slate-100">
                {item.fields.map((f, i) => (
                  <div key={i} className="grid grid-cols-[6rem_1fr] gap-3 py-2 text-[14px] first:pt-0 last:pb-0">
                    <dt className="text-slate-500">{f.label}</dt>
                    <dd className="whitespace-pre-wrap break-words text-slate-900">{f.value}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-[14px] text-slate-500">{t("noFields")}</p>
            )}
          </Card>
          {item.attachments.length ? (
            <Card className="divide-y divide-slate-100 px-4" data-testid="approval-attachments">
              {item.attachments.map((a, i) => (
                <a key={i} href={a.url} target="_blank" rel="noopener noreferrer" className="flex min-h-11 items-center gap-2 py-2 text-[14px] text-brand-700">
                  <Paperclip className="size-4 shrink-0 text-slate-400" aria-hidden />
                  <span className="truncate">{a.name}</span>
                </a>
              ))}
            </Card>
          ) : null}
          {ours ? null : (
            <a href={item.link} target="_blank" rel="noopener noreferrer" className="flex min-h-11 items-center gap-1.5 px-1 text-[14px] text-brand-700" data-testid="approval-oa-link">
              <ExternalLink className="size-4" aria-hidden />
              {t(item.source === "wecom" ? "openInWecom" : item.source === "dingtalk" ? "openInDingtalk" : "openInOa")}
            </a>
          )}
        </section>

        {item.steps ? (
          <section className="space-y-2">
            <SectionHeader title={tf("steps")} />
            <Card className="space-y-3 p-4" data-testid="approval-steps">
              {item.steps.map((s) => (
                <div key={s.index} className="space-y-1 text-[14px]" data-testid="approval-step" data-status={s.status} data-mode={s.mode}>
                  <p className="flex items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">{s.index + 1}. {tf(`stepMode.${s.mode}`)}</span>
                    <span className="text-xs text-slate-500">{tf(`stepStatus.${s.status}`)}</span>
                  </p>
                  <ul className="space-y-0.5 pl-4">
                    {s.approvers.map((a) => (
                      <li key={a.id} className="text-slate-700" data-testid="approval-step-approver">
                        {a.name} ·{" "}
                        {a.decision ? `${t(`outcome.${a.decision.outcome}`)} · ${formatDateTime(a.decision.decidedAt, ctx)}` : s.status === "active" ? tf("waitingFor") : "—"}
                        {a.decision?.agentName ? <span className="text-slate-500" data-testid="approval-step-agent"> · {t("agentNote", { name: a.decision.agentName })}</span> : null}
                        {a.decision?.comment ? <span className="block text-slate-500">“{a.decision.comment}”</span> : null}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
              {refusedInAll ? <p className="rounded-xl bg-rose-50 px-3 py-2 text-[13px] text-rose-700" role="status" data-testid="approval-refused-in-all">{tf("refusedInAll")}</p> : null}
            </Card>
          </section>
        ) : null}

        {item.canWithdraw ? (
          <ClientIntl namespaces={["approvalApply"]}>
            <WithdrawButton itemId={item.id} />
          </ClientIntl>
        ) : null}

        {item.canRevoke ? (
          <ClientIntl namespaces={["approvalApply"]}>
            <RevokeForm itemId={item.id} />
          </ClientIntl>
        ) : null}

        {d ? (
          <section className="space-y-2">
            <SectionHeader title={t("decision")} />
            <Card className="space-y-2 p-4" data-testid="approval-decision">
              <p className="text-[15px] font-medium text-slate-900">
                {t("decidedBy", { name: d.deciderName, outcome: t(`outcome.${d.outcome}`), time: formatDateTime(d.decidedAt, ctx) })}
              </p>
              {d.comment ? <p className="whitespace-pre-wrap rounded-xl bg-slate-50 px-3 py-2 text-[14px] text-slate-700">{d.comment}</p> : null}
              <p className="text-xs text-slate-500">{t("viaClient", { client: d.client })}</p>
              {ours ? (
                <p className="border-t border-slate-100 pt-2 text-[14px] font-medium text-slate-800" data-testid="approval-result" data-outcome={d.outcome}>{tf(`result.${d.outcome}`)}</p>
              ) : (
                <p className="flex items-start gap-2 border-t border-slate-100 pt-2 text-[13px] leading-5 text-slate-600" data-testid="approval-write-back" data-state={d.writeBack}>
                  <span className="mt-0.5">{WRITE_BACK_ICON[d.writeBack as keyof typeof WRITE_BACK_ICON] ?? WRITE_BACK_ICON.pending}</span>
                  <span>{t(`writeBack.${d.writeBack as "pending"}`)}</span>
                </p>
              )}
            </Card>
          </section>
        ) : null}

        {item.canDecide && item.actingFor ? (
          <p className="rounded-2xl bg-brand-50 px-4 py-3 text-[14px] leading-6 text-brand-800" role="status" data-testid="approval-acting-for">{t("actingFor", { name: item.actingFor.name })}</p>
        ) : null}
        {item.canDecide ? (
          <ClientIntl namespaces={["approvalDecide"]}>
            <DecisionForm itemId={item.id} allowReturn={item.source !== "dingtalk"} />
          </ClientIntl>
        ) : item.source === "wecom" && item.status === "open" && isApprover ? (
          <p className="rounded-2xl bg-slate-100 px-4 py-3 text-[14px] text-slate-600" data-testid="approval-native-wecom">{t("nativeWecomNotice")}</p>
        ) : item.status === "open" && !isApprover ? (
          <p className="rounded-2xl bg-slate-100 px-4 py-3 text-[14px] text-slate-600" data-testid="approval-not-approver">{t("notApproverNotice")}</p>
        ) : null}
        {item.canTransfer && item.canDecide ? (
          <ClientIntl namespaces={["approvalTransfer", "approvalDelegate"]}>
            <TransferForm itemId={item.id} excludeIds={item.approvers.map((x) => x.id)} />
          </ClientIntl>
        ) : null}

        <section className="space-y-2">
          <SectionHeader title={t("path")} />
          <Card className="p-4" data-testid="approval-path">
            <ol className="space-y-3">
              {item.events.map((e) => (
                <li key={e.id} className="flex gap-3 text-[14px]" data-testid="approval-event" data-kind={e.kind}>
                  <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500" aria-hidden />
                  <div className="min-w-0">
                    <p className="text-slate-900">
                      <span className="inline-flex items-center gap-1 font-medium">
                        {e.actorName ? <UserRound className="size-3.5 text-slate-400" aria-hidden /> : null}
                        {e.actorName ?? (e.client === TIMEOUT_CLIENT ? t("system") : item.source === "wecom" ? t("sourceWecom") : item.source === "dingtalk" ? t("sourceDingtalk") : t("oaSystem"))}
                      </span>{" "}
                      {eventLabel(t, e)}
                    </p>
                    {e.comment ? <p className="whitespace-pre-wrap text-slate-600">“{e.comment}”</p> : null}
                    <p className="flex items-center gap-1 text-xs text-slate-400">
                      <Clock className="size-3" aria-hidden />
                      {formatDateTime(e.at, ctx)} · {e.client === TIMEOUT_CLIENT ? t("timeoutClient") : e.client}
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        </section>
      </PageBody>
    </>
  );
}

