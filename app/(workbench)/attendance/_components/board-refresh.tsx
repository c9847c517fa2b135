"use client";
// Keeps the phone's 团队考勤 live the way the console meeting page is: it listens to the board's stream
// (GET /api/attendance/board/live?events=version — a version check every second) and re-renders the server page
// (router.refresh) when the version moves (components/use-live-events), so the buckets stay computed in one place
// (lib/attendance/board) and the phone ships no list rendering. Polls if the stream fails. No i18n runtime: the
// copy comes in props.
import { liveDotClass } from "@/components/use-live-events";
import { useLiveRefresh } from "@/components/use-live-refresh";

export function BoardRefresh({ version, department, labels }: { version: string; department: number | null; labels: { live: string; connecting: string; lost: string } }) {
  const { state } = useLiveRefresh(`/api/attendance/board/live?events=version${department ? `&department=${department}` : ""}`, "version", version);
  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="board-live-state" data-state={state}>
      <span className={liveDotClass(state)} aria-hidden />
      {state === "live" ? labels.live : state === "lost" ? labels.lost : labels.connecting}
    </span>
  );
}
