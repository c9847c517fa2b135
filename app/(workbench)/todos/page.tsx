// 待办: one list for every approval that concerns me — 待我处理 (to decide: OA, our own flows, WeCom, DingTalk), 我发起的,
// 抄送我的 (审批超时 alerts copied to me as the approver's leader or HR) and 已处理 — overdue first, then newest,
// filtered by source; simple items (decided here, nothing attached) are agreed in one batch by a plain form post
// (every item through the one decision path, each result reported on return). Under 待我处理 also the open check-ins
// and, for HR/admin, the queues that need a person; at the top, our own applications (leave, 补卡) to file.
// Server components and links only: the segments, the filter and the batch work before any JavaScript has loaded.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { AlertTriangle, CalendarOff, CalendarX2, CheckCircle2, ChevronRight, Clock3, FileCheck2, IdCard, ListTodo, ScanLine, Send, Timer, UserRoundCheck, XCircle } from "lucide-react";
import { LaterNotice } from "@/components/shell/later-notice";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { getDb } from "@/db/client";
import { approvalSegmentCounts, approvalTitlesForViewer, approvalTodoList, TODO_SEGMENTS, TODO_SOURCES, type TodoListItem, type TodoSegment, type TodoSource } from "@/lib/approvals/queries";
import { requireViewer } from "@/lib/auth/session";
import type { Viewer } from "@/lib/auth/viewer";
import { log } from "@/lib/observability/log";
import { myTodos, type Todo } from "@/lib/todos/queries";
import { formatDateTime, formatTimeRange } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { batchAgreeAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("todos");
  return { title: t("title") };
}

const QUEUE_ICON = { identity_conflicts: <IdCard />, inbox_failures: <AlertTriangle />, oa_lag: <Send /> } as const;
const PAGE_SIZE = 50;
const STATUS_TONE = { open: "brand", decided: "success", cancelled: "neutral", decided_in_oa: "warning" } as const;

/** The address: a bad value falls back to the default rather than failing the tab. */
const todosQuery = z.object({
  seg: z.enum(TODO_SEGMENTS).catch("todo"),
  source: z.enum(TODO_SOURCES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
  batch: z
    .string()
    .regex(/^\d{1,15}\.[a-z_]{1,32}(,\d{1,15}\.[a-z_]{1,32}){0,49}$/)
    .transform((s) => s.split(",").map((p) => ({ itemId: Number(p.split(".")[0]), result: p.split(".")[1] })))
    .optional()
    .catch(undefined),
  error: z.enum(["none_chosen", "bad_request"]).optional().catch(undefined),
  /** After a 转交 from an item page: whom it went to (shown once, as typed by the server's redirect). */
  transferred: z.string().trim().min(1).max(40).optional().catch(undefined),
});

type Q = z.infer<typeof todosQuery>;
const hrefOf = (q: Pick<Q, "seg" | "source">, page = 1) => {
  const p = new URLSearchParams();
  if (q.seg !== "todo") p.set("seg", q.seg);
  if (q.source) p.set("source", q.source);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `/todos?${s}` : "/todos";
};

export default async function TodosPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("todos");
  const raw = await searchParams;
  const q = todosQuery.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  // The list renders with the page, not streamed in behind a placeholder: its queries take tens of milliseconds, and
  // React (19.2) holds a streamed boundary's reveal ~300 ms after its fallback painted, so on a phone the list — the
  // page's largest content — painted ~400 ms after the placeholder (issue 12).
  return (
    <>
      <TopBar title={t("title")} />
      <TodosBody viewer={viewer} q={q} />
    </>
  );
}

async function TodosBody({ viewer, q }: { viewer: Viewer; q: Q }) {
  const t = await getTranslations("todos");
  const tl = await getTranslations("todoList");
  const ta = await getTranslations("approvals");
  const tf = await getTranslations("approvalFlows");
  const td = await getTranslations("approvalDelegate");
  const tx = await getTranslations("meetingExcuse");
  const tt = await getTranslations("approvalTransfer");
  const ctx = await formatContext();
  const db = await getDb();

  let data: { todos: Todo[]; list: { items: TodoListItem[]; hasMore: boolean }; counts: Record<TodoSegment, number>; titles: Map<number, string> } | null = null;
  try {
    const [todos, list, counts, titles] = await Promise.all([
      q.seg === "todo" && !q.source ? myTodos(db, viewer) : Promise.resolve([] as Todo[]),
      approvalTodoList(db, viewer, { segment: q.seg, source: q.source, limit: PAGE_SIZE * q.page }),
      approvalSegmentCounts(db, viewer, { source: q.source }),
      approvalTitlesForViewer(db, viewer, q.batch?.map((b) => b.itemId) ?? []),
    ]);
    data = { todos, list, counts, titles };
  } catch (e) {
    log.error({ err: (e as Error).message }, "todos page failed to load");
  }

  const checkins = data?.todos.filter((x): x is Extract<Todo, { kind: "checkin" }> => x.kind === "checkin") ?? [];
  const queues = data?.todos.filter((x): x is Exclude<Todo, { kind: "checkin" }> => x.kind !== "checkin") ?? [];
  const items = data?.list.items ?? [];
  const simple = items.filter((a) => a.simple);
  const sourceName = (s: string) => (s === "app" ? tf("sourceApp") : s === "oa" ? ta("sourceOa") : tl.has(`sources.${s}`) ? tl(`sources.${s as TodoSource}`) : s);
  const okCount = q.batch?.filter((b) => b.result === "ok").length ?? 0;
  const chip = (active: boolean) =>
    `flex h-8 shrink-0 items-center rounded-full px-3 text-[13px] ${active ? "bg-brand-500 font-medium text-white" : "bg-white text-slate-600 ring-1 ring-slate-200"}`;

  const row = (a: TodoListItem) => (
    <Link key={a.id} href={a.href} className="block min-w-0 flex-1" data-testid="todo-approval" data-simple={a.simple ? "" : undefined}>
      <Card className="flex items-center gap-3 p-4 active:bg-slate-50">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600">
          <FileCheck2 className="size-5" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-[15px] font-medium text-slate-900">{a.title}</p>
          <p className="truncate text-xs text-slate-500">
            {sourceName(a.source)} · {ta("applicantLine", { name: a.applicantName, time: formatDateTime(a.submittedAt, ctx) })}
          </p>
          {a.dueAt && a.status === "open" ? <p className={`text-xs ${a.overdue ? "text-rose-600" : "text-slate-500"}`}>{ta("due", { time: formatDateTime(a.dueAt, ctx) })}</p> : null}
        </div>
        {a.overdue ? <Badge tone="danger" data-testid="todo-overdue">{ta("overdue")}</Badge> : null}
        {q.seg !== "todo" ? (
          a.revoked ? (
            <Badge tone="neutral" data-testid="todo-status">{tl("status.revoked")}</Badge>
          ) : (
            <Badge tone={STATUS_TONE[a.status]} data-testid="todo-status">{tl(`status.${a.status}`)}</Badge>
          )
        ) : null}
        <ChevronRight className="size-5 shrink-0 text-slate-300" aria-hidden />
      </Card>
    </Link>
  );

  return (
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
          <Link href="/todos/apply/overtime" className="block" data-testid="apply-overtime-link">
            <Card className="flex h-full flex-col gap-1 p-3 active:bg-slate-50">
              <span className="flex items-center gap-1.5 text-[15px] font-medium text-slate-900"><Timer className="size-4 text-brand-600" aria-hidden />{tf("applyOvertime")}</span>
              <span className="text-xs leading-5 text-slate-500">{tf("applyOvertimeHint")}</span>
            </Card>
          </Link>
          <Link href="/todos/apply/meeting-excuse" className="block" data-testid="apply-meeting-excuse-link">
            <Card className="flex h-full flex-col gap-1 p-3 active:bg-slate-50">
              <span className="flex items-center gap-1.5 text-[15px] font-medium text-slate-900"><CalendarX2 className="size-4 text-brand-600" aria-hidden />{tx("applyLink")}</span>
              <span className="text-xs leading-5 text-slate-500">{tx("applyLinkHint")}</span>
            </Card>
          </Link>
        </section>

        <Link href="/todos/delegate" className="flex min-h-11 items-center justify-between rounded-xl px-1 text-[14px] text-slate-600" data-testid="delegate-link">
          <span className="flex items-center gap-1.5"><UserRoundCheck className="size-4 text-slate-400" aria-hidden />{td("link")}</span>
          <ChevronRight className="size-4 text-slate-300" aria-hidden />
        </Link>

        {q.transferred ? (
          <p className="rounded-2xl bg-emerald-50 px-4 py-3 text-[14px] text-emerald-800" role="status" data-testid="transferred-notice">{tt("done", { name: q.transferred })}</p>
        ) : null}

        <nav className="grid auto-cols-fr grid-flow-col gap-1 rounded-xl bg-slate-100 p-1" aria-label={tl("segmentsLabel")} data-testid="todo-segments">
          {TODO_SEGMENTS.filter((s) => s !== "cc" || q.seg === "cc" || (data?.counts.cc ?? 0) > 0).map((s) => (
            <Link
              key={s}
              href={hrefOf({ seg: s, source: q.source })}
              aria-current={q.seg === s ? "page" : undefined}
              data-testid="todo-segment"
              data-segment={s}
              className={`flex min-h-10 flex-col items-center justify-center rounded-lg px-1 text-center text-[13px] leading-4 ${q.seg === s ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600"}`}
            >
              {tl(`segments.${s}`)}
              <span className="text-[11px] tabular-nums text-slate-400" data-testid="todo-segment-count">{data ? data.counts[s] : "—"}</span>
            </Link>
          ))}
        </nav>

        <nav className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1" aria-label={tl("sourceLabel")} data-testid="todo-sources">
          {[undefined, ...TODO_SOURCES].map((s) => (
            <Link key={s ?? "all"} href={hrefOf({ seg: q.seg, source: s })} aria-current={q.source === s ? "page" : undefined} className={chip(q.source === s)} data-testid="todo-source" data-source={s ?? "all"}>
              {tl(`sources.${s ?? "all"}`)}
            </Link>
          ))}
        </nav>

        {q.batch ? (
          <Card className="space-y-2 p-4" role="status" data-testid="batch-result">
            <p className="text-[15px] font-medium text-slate-900">{tl("batchResultTitle", { ok: okCount, failed: q.batch.length - okCount })}</p>
            <ul className="space-y-1 text-[13px]">
              {q.batch.map((b) => (
                <li key={b.itemId} className="flex items-start gap-1.5" data-testid="batch-result-item" data-item={b.itemId} data-result={b.result}>
                  {b.result === "ok" ? <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden /> : <XCircle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />}
                  <span className="min-w-0">
                    <span className="text-slate-800">{data?.titles.get(b.itemId) ?? tl("unknownItem", { id: b.itemId })}</span>
                    <span className="text-slate-500"> · {tl.has(`batchResult.${b.result}`) ? tl(`batchResult.${b.result as "ok"}`) : tl("batchResult.other")}</span>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {q.error ? (
          <p className="rounded-2xl bg-amber-50 px-4 py-3 text-[14px] text-amber-800" role="alert" data-testid="batch-error">{tl(`error.${q.error}`)}</p>
        ) : null}

        {!data ? (
          <Card data-testid="todos-error">
            <ErrorState
              title={tl("loadError")}
              description={tl("loadErrorHint")}
              action={<Link href={hrefOf(q)} className={buttonVariants({ variant: "outline" })}>{tl("retry")}</Link>}
            />
          </Card>
        ) : (
          <>
            {q.seg === "cc" ? <p className="px-1 text-xs leading-5 text-slate-500">{tl("ccHint")}</p> : null}
            {items.length > 0 ? (
              <section className="space-y-2" data-testid="todo-approvals" data-segment={q.seg}>
                {q.seg === "todo" ? <SectionHeader title={ta("sectionToDecide", { count: data.counts.todo })} /> : null}
                {simple.length > 0 ? (
                  <form action={batchAgreeAction} className="space-y-2" data-testid="batch-form">
                    {q.source ? <input type="hidden" name="source" value={q.source} /> : null}
                    {items.map((a) =>
                      a.simple ? (
                        <div key={a.id} className="flex items-center gap-2">
                          <input type="checkbox" name="item" value={a.id} className="size-5 shrink-0 accent-brand-500" aria-label={tl("pick", { title: a.title })} data-testid="batch-pick" />
                          {row(a)}
                        </div>
                      ) : (
                        row(a)
                      ),
                    )}
                    <div className="sticky bottom-16 z-10 space-y-1 rounded-2xl bg-white/95 p-3 shadow-md ring-1 ring-slate-200 backdrop-blur">
                      <p className="text-xs leading-5 text-slate-500">{tl("batchHint")}</p>
                      <button type="submit" className={`${buttonVariants({ size: "lg" })} w-full`} data-testid="batch-agree">
                        {tl("batchSubmit")}
                      </button>
                    </div>
                  </form>
                ) : (
                  items.map(row)
                )}
                {data.list.hasMore ? (
                  <Link href={hrefOf(q, q.page + 1)} className="flex min-h-11 items-center justify-center text-[14px] text-brand-700" data-testid="todo-more">
                    {tl("more")}
                  </Link>
                ) : null}
              </section>
            ) : (
              <Card>
                <EmptyState
                  icon={<ListTodo />}
                  title={tl(`empty.${q.seg}`)}
                  description={q.source ? tl("emptyFiltered") : tl(`emptyHint.${q.seg}`)}
                  data-testid={q.seg === "todo" && data.todos.length === 0 ? "todos-empty" : "todo-segment-empty"}
                />
              </Card>
            )}

            {data.todos.length > 0 ? (
              <section className="space-y-2" data-testid="todos">
                <SectionHeader title={t("count", { count: data.todos.length })} />
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
                {queues.map((x) => (
                  <Link key={x.kind} href={x.href} className="block" data-testid={`todo-${x.kind}`}>
                    <Card className="flex items-center gap-3 p-4 active:bg-slate-50">
                      <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-amber-50 text-amber-600 [&_svg]:size-5">{QUEUE_ICON[x.kind]}</span>
                      <div className="min-w-0 flex-1">
                        <p className="text-[15px] font-medium text-slate-900">{t(x.kind, { count: x.count })}</p>
                        <p className="text-xs leading-5 text-slate-500">
                          {x.kind === "oa_lag" ? t("oa_lagHint", { since: formatDateTime(x.since, ctx) }) : t(`${x.kind}Hint`)} · {t("consoleHint")}
                        </p>
                      </div>
                      <ChevronRight className="size-5 text-slate-300" aria-hidden />
                    </Card>
                  </Link>
                ))}
              </section>
            ) : null}
          </>
        )}

        {q.seg === "todo" ? <LaterNotice icon={<ListTodo />} title={t("laterTitle")} hint={t("laterHint")} /> : null}
    </PageBody>
  );
}
