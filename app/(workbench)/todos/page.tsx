// 待办: what waits for me now — the OA approvals I must decide (overdue first, then newest), open check-ins, and for
// HR/admin the queues that need a person; at the top, our own applications (leave, 补卡) to file. Overtime and
// the rest of issue 15 join in a later release; the page says so and shows no invented items.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AlertTriangle, CalendarOff, ChevronRight, Clock3, FileCheck2, IdCard, ListTodo, ScanLine, Send } from "lucide-react";
import { LaterNotice } from "@/components/shell/later-notice";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { myApprovalTodos } from "@/lib/approvals/queries";
import { requireViewer } from "@/lib/auth/session";
import { myTodos, type Todo } from "@/lib/todos/queries";
import { formatDateTime, formatTimeRange } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("todos");
  return { title: t("title") };
}

const QUEUE_ICON = { identity_conflicts: <IdCard />, inbox_failures: <AlertTriangle />, oa_lag: <Send /> } as const;

export default async function TodosPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("todos");
  const ta = await getTranslations("approvals");
  const tf = await getTranslations("approvalFlows");
  const ctx = await formatContext();
  const db = await getDb();
  const [todos, approvals] = await Promise.all([myTodos(db, viewer), myApprovalTodos(db, viewer)]);
  const checkins = todos.filter((x): x is Extract<Todo, { kind: "checkin" }> => x.kind === "checkin");
  const queues = todos.filter((x): x is Exclude<Todo, { kind: "checkin" }> => x.kind !== "checkin");

  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        <section className="grid grid-cols-2 gap-2" data-testid="todo-apply" aria-label={tf("applyTitle")}>
          <Link href="/todos/apply/leave" className="block" data-testid="apply-leave-link">
            <Card className="flex h-full flex-col gap-1 p-3 active:bg-slate-50">
              <span className="flex items-center gap-1.5 text-[15px] font-medium text-slate-900"><CalendarOff className="size-4 text-brand-600" aria-hidden />{tf("applyLeave")}</span>
              <span className="text-xs leading-5 text-slate-500">{tf("applyLeaveHint")}</span>
            </Card>
          </Link>
          <Link href="/todos/apply/correction" className="block" data-testid="apply-correction-link">
            <Card className="flex h-full flex-col gap-1 p-3 active:bg-slate-50">
              <span className="flex items-center gap-1.5 text-[15px] font-medium text-slate-900"><Clock3 className="size-4 text-brand-600" aria-hidden />{tf("applyCorrection")}</span>
              <span className="text-xs leading-5 text-slate-500">{tf("applyCorrectionHint")}</span>
            </Card>
          </Link>
        </section>

        {approvals.length > 0 ? (
          <section className="space-y-2" data-testid="todo-approvals">
            <SectionHeader title={ta("sectionToDecide", { count: approvals.length })} />
            {approvals.map((a) => (
              <Link key={a.id} href={a.href} className="block" data-testid="todo-approval">
                <Card className="flex items-center gap-3 p-4 active:bg-slate-50">
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600">
                    <FileCheck2 className="size-5" aria-hidden />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-[15px] font-medium text-slate-900">{a.title}</p>
                    <p className="truncate text-xs text-slate-500">
                      {a.source === "app" ? tf("sourceApp") : ta("sourceOa")} · {ta("applicantLine", { name: a.applicantName, time: formatDateTime(a.submittedAt, ctx) })}
                    </p>
                    {a.dueAt ? (
                      <p className={`text-xs ${a.overdue ? "text-rose-600" : "text-slate-500"}`}>{ta("due", { time: formatDateTime(a.dueAt, ctx) })}</p>
                    ) : null}
                  </div>
                  {a.overdue ? <Badge tone="danger" data-testid="todo-overdue">{ta("overdue")}</Badge> : null}
                  <ChevronRight className="size-5 shrink-0 text-slate-300" aria-hidden />
                </Card>
              </Link>
            ))}
          </section>
        ) : null}

        {todos.length === 0 && approvals.length === 0 ? (
          <Card>
            <EmptyState icon={<ListTodo />} title={t("empty")} description={t("emptyHint")} data-testid="todos-empty" />
          </Card>
        ) : todos.length === 0 ? null : (
          <section className="space-y-2" data-testid="todos">
            <SectionHeader title={t("count", { count: todos.length })} />
            {checkins.map((c) => (
              <Card key={`c${c.meetingId}`} className="flex items-center gap-3 p-4" data-testid="todo-checkin">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600">
                  <ScanLine className="size-5" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate text-[15px] font-medium text-slate-900">{c.title}</p>
                  <p className="truncate text-xs text-slate-500">
                    {t("checkinOpen", { time: formatTimeRange(c.startsAt, c.endsAt, ctx) })}
                    {c.locationName ? ` · ${c.locationName}` : ""}
                  </p>
                </div>
                <Link href={c.href} className={buttonVariants({})}>
                  {t("checkinAction")}
                </Link>
              </Card>
            ))}
            {queues.map((q) => (
              <Link key={q.kind} href={q.href} className="block" data-testid={`todo-${q.kind}`}>
                <Card className="flex items-center gap-3 p-4 active:bg-slate-50">
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-amber-50 text-amber-600 [&_svg]:size-5">{QUEUE_ICON[q.kind]}</span>
                  <div className="min-w-0 flex-1">
                    <p className="text-[15px] font-medium text-slate-900">{t(q.kind, { count: q.count })}</p>
                    <p className="text-xs leading-5 text-slate-500">
                      {q.kind === "oa_lag" ? t("oa_lagHint", { since: formatDateTime(q.since, ctx) }) : t(`${q.kind}Hint`)} · {t("consoleHint")}
                    </p>
                  </div>
                  <ChevronRight className="size-5 text-slate-300" aria-hidden />
                </Card>
              </Link>
            ))}
          </section>
        )}

        <LaterNotice icon={<ListTodo />} title={t("laterTitle")} hint={t("laterHint")} />
      </PageBody>
    </>
  );
}
