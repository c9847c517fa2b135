"use client";
// The console attendance board's live island: Server-Sent Events from /api/attendance/board/live (a
// version check every second, the full snapshot when it moved; components/use-live-events), polling if the stream
// fails; the bucket counts, the people behind the chosen bucket, and "提醒未打卡". No zod, no charts: the phone's
// page budget.
import { useState } from "react";
import { BellRing } from "lucide-react";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { Button, Card } from "@/components/ui/light";
import { liveDotClass, useLiveEvents } from "@/components/use-live-events";
import type { BoardPerson, BoardSnapshot } from "@/lib/attendance/board";
import { formatTime } from "@/lib/ui/format";

const BUCKETS = ["present", "late", "not_yet", "absent", "away"] as const;
type B = (typeof BUCKETS)[number];
const TONE: Record<B, string> = { present: "text-emerald-600", late: "text-amber-600", not_yet: "text-slate-700", absent: "text-rose-600", away: "text-sky-700" };
const DOT: Record<B, string> = { present: "bg-emerald-500", late: "bg-amber-500", not_yet: "bg-slate-400", absent: "bg-rose-500", away: "bg-sky-500" };

export function BoardLive({ initial, department, wide }: { initial: BoardSnapshot; department: number | null; wide?: boolean }) {
  const t = useTranslations("attendanceBoard");
  const locale = useLocale() === "en" ? "en" : "zh-CN";
  const ctx = { locale: locale as "zh-CN" | "en", timeZone: useTimeZone() ?? "Asia/Shanghai" };
  const [board, setBoard] = useState<BoardSnapshot>(initial);
  const [open, setOpen] = useState<B>(initial.counts.not_yet + initial.counts.absent > 0 ? (initial.counts.not_yet ? "not_yet" : "absent") : "present");
  const [remind, setRemind] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });

  const state = useLiveEvents<BoardSnapshot>(`/api/attendance/board/live${department ? `?department=${department}` : ""}`, "board", setBoard);

  async function sendReminders() {
    setRemind({ busy: true, message: null, error: false });
    try {
      const r = await fetch("/api/attendance/board/remind", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(department ? { department } : {}),
      });
      if (!r.ok) throw new Error(String(r.status));
      const res = (await r.json()) as { total: number; queued: number; skipped: number };
      setRemind({ busy: false, error: false, message: res.total === 0 ? t("remindNone") : t("remindDone", { queued: res.queued, skipped: res.skipped }) });
    } catch {
      setRemind({ busy: false, error: true, message: t("remindFailed") });
    }
  }

  const c = board.counts;
  const time = (iso: string | null) => (iso ? formatTime(new Date(iso), ctx) : "");
  const detail = (b: B, p: BoardPerson) =>
    b === "present"
      ? t("punchedAt", { time: time(p.punchedAt) })
      : b === "late"
        ? `${t("punchedAt", { time: time(p.punchedAt) })} · ${t("lateBy", { minutes: p.lateMinutes })}`
        : b === "not_yet"
          ? p.dueAt
            ? t("dueAt", { time: time(p.dueAt) })
            : ""
          : b === "absent"
            ? p.dueAt
              ? t("overdue", { time: time(p.dueAt) })
              : ""
            : [p.awayKind ? t(`away.${p.awayKind}`) : "", p.leaveType ?? ""].filter(Boolean).join(" · ");

  const list = (b: B) => (
    <ul className="divide-y divide-slate-100" data-testid={`board-list-${b}`}>
      {board.people[b].length === 0 ? <li className="px-4 py-3 text-[13px] text-slate-400">{t("nobody")}</li> : null}
      {board.people[b].map((p) => (
        <li key={p.id} className="flex items-center gap-3 px-4 py-2.5" data-testid="board-person" data-employee-no={p.employeeNo} data-bucket={b}>
          <span className={`size-2 shrink-0 rounded-full ${DOT[b]}`} aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="truncate text-[14px] text-slate-900">
              {p.name}
              {p.field ? <span className="ml-1.5 rounded bg-sky-50 px-1 text-[11px] text-sky-700">{t("fieldTag")}</span> : null}
            </p>
            <p className="truncate text-xs text-slate-500">{[p.department, p.shiftName].filter(Boolean).join(" · ")}</p>
          </div>
          <span className={`shrink-0 text-xs ${b === "absent" ? "text-rose-600" : b === "late" ? "text-amber-700" : "text-slate-500"}`}>{detail(b, p)}</span>
        </li>
      ))}
      {c[b] > board.people[b].length ? <li className="px-4 py-2 text-xs text-slate-400">{t("more", { count: c[b] - board.people[b].length })}</li> : null}
    </ul>
  );

  const remindBox = (
    <div className="space-y-1.5">
      <Button block size={wide ? "sm" : "md"} className={wide ? "h-auto min-h-9 whitespace-normal py-2 leading-snug" : undefined} variant={board.remindable ? "primary" : "secondary"} disabled={remind.busy || board.remindable === 0} onClick={sendReminders} data-testid="board-remind">
        <BellRing className="size-4" aria-hidden />
        {remind.busy ? t("reminding") : board.remindable ? t("remindCount", { count: board.remindable }) : t("remind")}
      </Button>
      {remind.message ? (
        <p role="status" className={`text-[12px] ${remind.error ? "text-rose-600" : "text-emerald-700"}`} data-testid="board-remind-result">
          {remind.message}
        </p>
      ) : (
        <p className="text-[11px] text-slate-400">{t("remindHint")}</p>
      )}
    </div>
  );

  const liveDot = (
    <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="board-live-state" data-state={state}>
      <span className={liveDotClass(state)} />
      {state === "live" ? t("updatedAt", { time: formatTime(new Date(board.generatedAt), ctx) }) : state === "lost" ? t("reconnecting") : t("connecting")}
    </span>
  );

  const tiles = (
    <div className={`grid ${wide ? "grid-cols-6 gap-3" : "grid-cols-3 gap-2"}`} role="tablist">
      <div className={`rounded-xl bg-slate-50 ${wide ? "p-4" : "p-2.5"} text-center`} data-testid="board-count-expected" data-count={c.expected} title={t("expectedHint")}>
        <p className={`${wide ? "text-3xl" : "text-[22px]"} font-semibold tabular-nums text-slate-900`}>{c.expected}</p>
        <p className="text-[12px] text-slate-500">{t("expected")}</p>
      </div>
      {BUCKETS.map((b) => (
        <button
          key={b}
          type="button"
          role="tab"
          aria-selected={open === b}
          onClick={() => setOpen(b)}
          title={t(`bucketHints.${b}`)}
          data-testid={`board-count-${b}`}
          data-count={c[b]}
          className={`rounded-xl ${wide ? "p-4" : "p-2.5"} text-center transition-colors ${open === b ? "bg-brand-50 ring-1 ring-brand-200" : "bg-slate-50 active:bg-slate-100"}`}
        >
          <p className={`${wide ? "text-3xl" : "text-[22px]"} font-semibold tabular-nums ${c[b] ? TONE[b] : "text-slate-300"}`}>{c[b]}</p>
          <p className="text-[12px] text-slate-500">{t(`buckets.${b}`)}</p>
        </button>
      ))}
    </div>
  );

  if (wide) {
    return (
      <div className="space-y-4" data-testid="board" data-date={board.date} data-version={board.version}>
        <Card className="space-y-4 p-5">
          <div className="flex items-center justify-between gap-4">
            {liveDot}
            <p className="text-xs text-slate-500">{t("rest", { count: c.rest })}</p>
          </div>
          {tiles}
        </Card>
        <div className="grid grid-cols-5 gap-3">
          {BUCKETS.map((b) => (
            <Card key={b} className="overflow-hidden">
              <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
                <p className="text-sm font-medium text-slate-800">
                  {t(`buckets.${b}`)} <span className={`ml-1 tabular-nums ${TONE[b]}`}>{c[b]}</span>
                </p>
              </div>
              <div className="max-h-[420px] overflow-y-auto">{list(b)}</div>
              {b === "absent" ? <div className="border-t border-slate-100 p-3">{remindBox}</div> : null}
            </Card>
          ))}
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-3" data-testid="board" data-date={board.date} data-version={board.version}>
      <Card className="space-y-3 p-4">
        <div className="flex items-center justify-between">
          {liveDot}
          <span className="text-xs text-slate-400">{t("rest", { count: c.rest })}</span>
        </div>
        {tiles}
        <p className="text-[12px] text-slate-500">{t(`bucketHints.${open}`)}</p>
      </Card>
      {c.expected > 0 ? remindBox : null}
      <Card className="overflow-hidden">
        <p className="border-b border-slate-100 px-4 py-2.5 text-[14px] font-medium text-slate-800">
          {t(`buckets.${open}`)} <span className={`tabular-nums ${TONE[open]}`}>{c[open]}</span>
        </p>
        {list(open)}
      </Card>
    </div>
  );
}
