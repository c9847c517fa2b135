// Workbench home: who I am, today's meetings, the two things people come here for.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarClock, ChevronRight, LayoutDashboard, ScanLine, ShieldAlert } from "lucide-react";
import { TopBar, PageBody, SectionHeader } from "@/components/shell/top-bar";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { myMonth } from "@/lib/meetings/my-month";
import { consoleScope } from "@/lib/ui/console-access";
import { dayPart, formatDay, formatPercent } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { TodayMeetings } from "./_sections/today-meetings";

export async function generateMetadata() {
  const t = await getTranslations("home");
  return { title: t("title") };
}

export default async function WorkbenchHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const { notice } = await searchParams;
  const t = await getTranslations("home");
  const tApp = await getTranslations("app");
  const ctx = await formatContext();
  const now = new Date();
  const month = await myMonth(await getDb(), viewer, undefined, now);
  const rate = month.totals.attendanceRate;

  return (
    <>
      <TopBar title={tApp("name")} />
      <PageBody>
        {notice === "console_forbidden" ? (
          <div role="status" className="flex items-start gap-2 rounded-xl bg-amber-50 px-3.5 py-3 text-[13px] leading-5 text-amber-800">
            <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            {t("consoleForbidden")}
          </div>
        ) : null}

        <Card className="overflow-hidden border-0 bg-gradient-to-br from-brand-500 to-brand-700 text-white shadow-md shadow-brand-500/20">
          <div className="flex items-center gap-3.5 px-4 py-5">
            <Avatar name={viewer.name} size="lg" className="bg-white/20 ring-2 ring-white/30" />
            <div className="min-w-0">
              <p className="text-[13px] text-white/80">{t("today", { date: formatDay(now, ctx) })}</p>
              <h2 className="truncate text-xl font-semibold leading-8" data-testid="viewer-name">
                {t(`greeting.${dayPart(now, ctx.timeZone)}`, { name: viewer.name })}
              </h2>
              <p className="truncate text-[13px] text-white/85" data-testid="viewer-department">
                {viewer.departmentName ?? t("noDepartment")}
              </p>
            </div>
          </div>
        </Card>

        <section aria-labelledby="quick-actions" className="space-y-2">
          <SectionHeader title={<span id="quick-actions">{t("quickActions")}</span>} />
          <div className="grid grid-cols-2 gap-3">
            <QuickAction href="/meetings/scan" icon={<ScanLine />} title={t("scan")} hint={t("scanHint")} tone="brand" />
            <QuickAction href="/attendance" icon={<CalendarClock />} title={t("myAttendance")} hint={rate === null ? t("myAttendanceHint") : t("myAttendanceRate", { rate: formatPercent(rate, ctx.locale) })} tone="emerald" />
          </div>
        </section>

        <TodayMeetings viewer={viewer} />

        {consoleScope(viewer) ? (
          <Link href="/console" className="block">
            <Card className="flex items-center gap-3 px-4 py-3.5 active:bg-slate-50">
              <span className="flex size-10 items-center justify-center rounded-xl bg-slate-100 text-slate-600">
                <LayoutDashboard className="size-5" aria-hidden />
              </span>
              <span className="min-w-0 flex-1">
                <span className="block text-[15px] font-medium text-slate-900">{t("consoleEntry")}</span>
                <span className="block text-xs leading-5 text-slate-500">{t("consoleEntryHint")}</span>
              </span>
              <ChevronRight className="size-5 text-slate-300" aria-hidden />
            </Card>
          </Link>
        ) : null}
      </PageBody>
    </>
  );
}

function QuickAction({
  href,
  icon,
  title,
  hint,
  tone,
}: {
  href: string;
  icon: React.ReactNode;
  title: string;
  hint: string;
  tone: "brand" | "emerald";
}) {
  const toneClass = tone === "brand" ? "bg-brand-50 text-brand-600" : "bg-emerald-50 text-emerald-600";
  return (
    <Link href={href} className="block rounded-2xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
      <Card className="flex h-full flex-col gap-3 p-4 active:bg-slate-50">
        <span className={`flex size-11 items-center justify-center rounded-xl [&_svg]:size-6 ${toneClass}`}>{icon}</span>
        <span>
          <span className="block text-[15px] font-semibold text-slate-900">{title}</span>
          <span className="mt-0.5 block text-xs leading-5 text-slate-500">{hint}</span>
        </span>
      </Card>
    </Link>
  );
}
