// 日历调整: HR/admin see the org calendar a month at a time and mark or clear a company day, after a preview of how
// many person-days it recomputes. Managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CalendarEditor } from "@/components/attendance-settings/calendar-editor";
import { SettingsFrame } from "@/components/attendance-settings/settings-frame";
import { ClientIntl } from "@/components/shell/client-intl";
import { getDb } from "@/db/client";
import { calendarMonth, monthParam } from "@/lib/attendance/settings/calendar-settings";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceSettings"))("calendar.heading") };
}

const stepMonth = (month: string, by: number) => {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};

export default async function AttendanceCalendarPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceSettings");
  const thisMonth = businessDate(new Date(), env().ORG_TIMEZONE).slice(0, 7);
  const asked = monthParam.safeParse((await searchParams).month);
  const month = asked.success ? asked.data : thisMonth;
  const days = canSeeEveryone(viewer) ? await calendarMonth(await getDb(), viewer, month) : [];
  const nav = "rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50";
  return (
    <SettingsFrame heading={t("calendar.heading")} subheading={t("calendar.subheading")} testid="settings-calendar-heading" forbidden={canSeeEveryone(viewer) ? null : t("forbidden")}>
      <div className="flex items-center gap-2">
        <Link className={nav} href={`?month=${stepMonth(month, -1)}`} data-testid="calendar-prev">
          {t("calendar.prev")}
        </Link>
        <span className="min-w-24 text-center text-lg font-semibold text-slate-900" data-testid="calendar-month">
          {month}
        </span>
        <Link className={nav} href={`?month=${stepMonth(month, 1)}`} data-testid="calendar-next">
          {t("calendar.next")}
        </Link>
        {month !== thisMonth ? (
          <Link className={nav} href="?">
            {t("calendar.today")}
          </Link>
        ) : null}
      </div>
      <ClientIntl namespaces={["attendanceSettings"]}>
        <CalendarEditor days={days} />
      </ClientIntl>
    </SettingsFrame>
  );
}
