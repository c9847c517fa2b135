"use client";
// Keeps the phone's 团队考勤 live the way the console meeting page is: it listens to the board's stream
// (GET /api/attendance/board/live?events=version — a version check every second) and re-renders the server page
// (router.refresh) when the version moves, so the buckets stay computed in one place (lib/attendance/board) and
// the phone ships no list rendering. Polls every 2 s if the stream fails. No i18n runtime: the copy comes in props.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";

export function BoardRefresh({ version, department, labels }: { version: string; department: number | null; labels: { live: string; connecting: string; lost: string } }) {
  const router = useRouter();
  const seen = useRef(version);
  const [state, setState] = useState<"live" | "connecting" | "lost">("connecting");

  useEffect(() => {
    seen.current = version; // the server rendered this version
  }, [version]);

  useEffect(() => {
    const qs = `?events=version${department ? `&department=${department}` : ""}`;
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    const onVersion = (v: string) => {
      setState("live");
      if (v !== seen.current) {
        seen.current = v;
        router.refresh();
      }
    };
    const startPolling = () => {
      if (poll) return;
      poll = setInterval(async () => {
        const r = await fetch(`/api/attendance/board/live${department ? `?department=${department}` : ""}`, { cache: "no-store" }).catch(() => null);
        if (r?.ok) onVersion(((await r.json()) as { version: string }).version);
        else setState("lost");
      }, 2000);
    };
    if (typeof EventSource !== "undefined") {
      es = new EventSource(`/api/attendance/board/live${qs}`);
      es.addEventListener("version", (e) => onVersion((JSON.parse((e as MessageEvent).data) as { version: string }).version));
      es.onerror = () => {
        setState("lost");
        if (es && es.readyState === EventSource.CLOSED) startPolling();
      };
    } else startPolling();
    return () => {
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [department, router]);

  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="board-live-state" data-state={state}>
      <span className={`size-2 rounded-full ${state === "live" ? "animate-pulse bg-emerald-500" : state === "lost" ? "bg-amber-500" : "bg-slate-300"}`} aria-hidden />
      {state === "live" ? labels.live : state === "lost" ? labels.lost : labels.connecting}
    </span>
  );
}
