"use client";
// Keeps the console meeting page live, like the organiser's phone view: it listens to the same stream
// (GET /api/meetings/:id/live, Server-Sent Events: a version check every second, the view when it changed) and
// re-renders the server page (router.refresh, components/use-live-events) when the attendance version moves, so
// the figures (lib/meetings/figures) and the table stay computed in one place. Managers who do not organise the
// meeting cannot open the stream; for them the page refreshes itself every few seconds while it is visible. Nothing here pulls charts in.
import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { liveDotClass } from "@/components/use-live-events";
import { useLiveRefresh } from "@/components/use-live-refresh";
import { formatTime } from "@/lib/ui/format";

const POLL_MS = 3000;
const MANAGER_REFRESH_MS = 5000;

export function LiveRefresh({ meetingId, version, canStream }: { meetingId: number; version: string; canStream: boolean }) {
  const t = useTranslations("meetings.live");
  const router = useRouter();
  const ctx = { locale: (useLocale() === "en" ? "en" : "zh-CN") as "zh-CN" | "en", timeZone: useTimeZone() ?? "Asia/Shanghai" };
  const { state, at } = useLiveRefresh(canStream ? `/api/meetings/${meetingId}/live` : null, "view", version, POLL_MS);

  useEffect(() => {
    if (canStream) return;
    const refresh = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, MANAGER_REFRESH_MS);
    return () => clearInterval(refresh);
  }, [canStream, router]);

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
      <span className={liveDotClass(state)} aria-hidden />
      {state === "live" && at ? t("consoleLive", { time: formatTime(at, ctx) }) : state === "lost" ? t("reconnecting") : t("connecting")}
    </span>
  );
}
