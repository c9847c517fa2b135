// Console home: today's numbers for the viewer's scope, and the way into each section.
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CalendarCheck, ChevronRight, CircleCheck, IdCard, Inbox, Send } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { consoleNavFor, consoleScope } from "@/lib/ui/console-access";
import { getConsoleStats } from "@/lib/ui/console-stats";
import { formatDateTime, formatDay, formatNumber } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";

export async function generateMetadata() {
  const t = await getTranslations("consoleHome");
  return { title: t("title") };
}

const SHORTCUTS = ["meetings", "reports", "identity", "integrations", "sync", "settings"] as const;

export default async function ConsoleHome() {
  const viewer = await requireViewer();
  const scope = consoleScope(viewer);
  if (!scope) redirect("/?notice=console_forbidden");
  const t = await getTranslations("consoleHome");
  const tNav = await getTranslations("consoleNav");
  const ctx = await formatContext();
  const stats = await getConsoleStats(await getDb(), scope, { timeZone: ctx.timeZone });
  const n = (v: number) => formatNumber(v, ctx.locale);
  const allowed = new Map(consoleNavFor(viewer).flatMap((g) => g.items.map((i) => [i.key, i.href] as const)));

  return (
    <div className="space-y-7">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle", { date: formatDay(new Date(), ctx), timeZone: ctx.timeZone })}</p>
        </div>
        <Badge tone={scope.kind === "all" ? "brand" : "neutral"} className="px-2.5 py-1">
          {scope.kind === "all" ? t("scopeAll") : t("scopeSubtree")}
        </Badge>
      </div>

      <section
        className={`grid gap-4 ${scope.kind === "all" ? "grid-cols-5" : "grid-cols-2 max-w-2xl"}`}
        data-testid="console-kpis"
      >
        <Stat
          label={t("todayMeetings")}
          value={n(stats.todayMeetings)}
          hint={t("todayMeetingsHint")}
          icon={<CalendarCheck />}
          tone="brand"
          href={allowed.get("meetings")}
        />
        <Stat
          label={t("checkinsToday")}
          value={n(stats.checkinsToday)}
          hint={stats.expectedToday > 0 ? t("checkinsHint", { expected: n(stats.expectedToday) }) : t("checkinsHintNone")}
          icon={<CircleCheck />}
          tone="success"
          href={allowed.get("reports")}
        />
        {stats.openConflicts !== null ? (
          <Stat
            label={t("openConflicts")}
            value={n(stats.openConflicts)}
            hint={t("openConflictsHint")}
            icon={<IdCard />}
            tone={stats.openConflicts > 0 ? "warning" : "neutral"}
            href={allowed.get("identity")}
          />
        ) : null}
        {stats.inboxFailures !== null ? (
          <Stat
            label={t("inboxFailures")}
            value={n(stats.inboxFailures)}
            hint={t("inboxFailuresHint", { parked: n(stats.inboxParked ?? 0) })}
            icon={<Inbox />}
            tone={stats.inboxFailures > 0 ? "danger" : "neutral"}
            href={allowed.get("integrations")}
          />
        ) : null}
        {stats.oaBacklog !== null ? (
          <Stat
            label={t("oaBacklog")}
            value={n(stats.oaBacklog)}
            hint={stats.oaOldestPendingAt ? t("oaBacklogHint", { since: formatDateTime(stats.oaOldestPendingAt, ctx) }) : t("oaBacklogHintNone")}
            icon={<Send />}
            tone={stats.oaBacklog > 0 ? "warning" : "neutral"}
            href={allowed.get("sync")}
          />
        ) : null}
      </section>

      <section aria-labelledby="console-shortcuts" className="space-y-3">
        <h2 id="console-shortcuts" className="text-base font-semibold text-slate-900">
          {t("shortcuts")}
        </h2>
        <div className="grid grid-cols-3 gap-4">
          {SHORTCUTS.filter((k) => allowed.has(k)).map((k) => (
            <Link key={k} href={allowed.get(k)!} className="group block rounded-2xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
              <Card className="flex h-full items-center gap-3 px-5 py-4 transition-shadow group-hover:shadow-md">
                <div className="min-w-0 flex-1">
                  <p className="text-[15px] font-medium text-slate-900">{tNav(`items.${k}`)}</p>
                  <p className="mt-0.5 text-[13px] leading-5 text-slate-500">{t(`shortcut.${k}`)}</p>
                </div>
                <ChevronRight className="size-5 text-slate-300 transition-colors group-hover:text-brand-500" aria-hidden />
              </Card>
            </Link>
          ))}
        </div>
        {scope.kind === "subtree" ? <p className="text-[13px] leading-5 text-slate-500">{t("managerNote")}</p> : null}
      </section>
    </div>
  );
}
