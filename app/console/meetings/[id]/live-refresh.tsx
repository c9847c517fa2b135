"use client";
// Keeps the console meeting page live, like the organiser's phone view: it listens to the same stream
// (GET /api/meetings/:id/live, Server-Sent Events: a version check every second, the view when it changed) and
// re-renders the server page (router.refresh) when the attendance version moves, so the figures (lib/meetings/
// figures) and the table stay computed in one place. Managers who do not organise the meeting cannot open the
// stream; for them the page refreshes itself every few seconds while it is visible. Nothing here pulls charts in.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { formatTime } from "@/lib/ui/format";

const POLL_MS = 3000;
const MANAGER_REFRESH_MS = 5000;

export function LiveRefresh({ meetingId, version, canStream }: { meetingId: number; version: string; canStream: boolean }) {
  const t = useTranslations("meetings.live");
  const router = useRouter();
  const ctx = { locale: (useLocale() === "en" ? "en" : "zh-CN") as "zh-CN" | "en", timeZone: useTimeZone() ?? "Asia/Shanghai" };
  const seen = useRef(version);
  const [state, setState] = useState<"live" | "connecting" | "lost">("connecting");
  const [at, setAt] = useState<Date | null>(null);

  useEffect(() => {
    seen.current = version; // the server rendered this version
  }, [version]);

  useEffect(() => {
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    const onVersion = (v: string) => {
      setState("live");
      setAt(new Date());
      if (v !== seen.current) {
        seen.current = v;
        router.refresh();
      }
    };
    if (!canStream) {
      poll = setInterval(() => {
        if (document.visibilityState !== "visible") return;
        router.refresh();
      }, MANAGER_REFRESH_MS);
      return () => clearInterval(poll!);
    }
    const startPolling = () => {
      if (poll) return;
      poll = setInterval(async () => {
        const r = await fetch(`/api/meetings/${meetingId}/live`, { cache: "no-store" }).catch(() => null);
        if (r?.ok) onVersion(((await r.json()) as { version: string }).version);
        else setState("lost");
      }, POLL_MS);
    };
    if (typeof EventSource !== "undefined") {
      es = new EventSource(`/api/meetings/${meetingId}/live`);
      es.addEventListener("view", (e) => onVersion((JSON.parse((e as MessageEvent).data) as { version: string }).version));
      es.onerror = () => {
        setState("lost");
        if (es && es.readyState === EventSource.CLOSED) startPolling();
      };
    } else startPolling();
    return () => {
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [meetingId, canStream, router]);

  if (!canStream) {
    return (
      <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="console-live" data-state="refreshing">
        <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
        {t("consoleAuto", { seconds: MANAGER_REFRESH_MS / 1000 })}
      </span>
    );
  }
  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="console-live" data-state={state}>
      <span className={`size-2 rounded-full ${state === "live" ? "animate-pulse bg-emerald-500" : state === "lost" ? "bg-amber-500" : "bg-slate-300"}`} aria-hidden />
      {state === "live" && at ? t("consoleLive", { time: formatTime(at, ctx) }) : state === "lost" ? t("reconnecting") : t("connecting")}
    </span>
  );
}
