// 待办: what waits for me now — open check-ins, and for HR/admin the queues that need a person. Approvals (leave,
// corrections, overtime) join this list in a later release; the page says so and shows no invented items.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AlertTriangle, ChevronRight, IdCard, ListTodo, ScanLine, Send } from "lucide-react";
import { LaterNotice } from "@/components/shell/later-notice";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
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
  const ctx = await formatContext();
  const todos = await myTodos(await getDb(), viewer);
  const checkins = todos.filter((x): x is Extract<Todo, { kind: "checkin" }> => x.kind === "checkin");
  const queues = todos.filter((x): x is Exclude<Todo, { kind: "checkin" }> => x.kind !== "checkin");

  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        {todos.length === 0 ? (
          <Card>
            <EmptyState icon={<ListTodo />} title={t("empty")} description={t("emptyHint")} data-testid="todos-empty" />
          </Card>
        ) : (
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
