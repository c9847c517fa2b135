// 排班: HR/admin plan a roster group's week (people × days, shift or rest), copy last week, preview the recompute and
// save. ?group=<id>&week=<any date of the week>. Managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { RosterGrid } from "@/components/attendance-settings/roster-grid";
import { SettingsFrame } from "@/components/attendance-settings/settings-frame";
import { ClientIntl } from "@/components/shell/client-intl";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { listGroups } from "@/lib/attendance/settings/group-settings";
import { mondayOf, rosterWeek, weekParam } from "@/lib/attendance/settings/roster-settings";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { addDays, businessDate } from "@/lib/time";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceSettings"))("rosters.heading") };
}

export default async function AttendanceRostersPage({ searchParams }: { searchParams: Promise<{ group?: string; week?: string }> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceSettings");
  const allowed = canSeeEveryone(viewer);
  const db = await getDb();
  const sp = await searchParams;
  const rosterGroups = allowed ? (await listGroups(db, viewer)).filter((g) => g.schedule === "roster") : [];
  const group = rosterGroups.find((g) => String(g.id) === sp.group) ?? rosterGroups[0];
  const askedWeek = weekParam.safeParse(sp.week);
  const monday = mondayOf(askedWeek.success ? askedWeek.data : businessDate(new Date(), env().ORG_TIMEZONE));
  const week = group ? await rosterWeek(db, viewer, group.id, monday) : null;
  const nav = "rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50";
  return (
    <SettingsFrame heading={t("rosters.heading")} subheading={t("rosters.subheading")} testid="settings-rosters-heading" forbidden={allowed ? null : t("forbidden")}>
      {!group || !week ? (
        <EmptyState title={t("rosters.noRosterGroupsTitle")} description={t("rosters.noRosterGroupsBody")} />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-sm text-slate-500">{t("rosters.group")}</span>
            {rosterGroups.map((g) => (
              <Link key={g.id} href={`?group=${g.id}&week=${monday}`} className={g.id === group.id ? `${nav} border-brand-400 bg-brand-50 text-brand-700` : nav}>
                {g.name}
              </Link>
            ))}
            <span className="mx-2 h-5 w-px bg-slate-200" />
            <Link className={nav} href={`?group=${group.id}&week=${addDays(monday, -7)}`} data-testid="roster-prev">
              {t("rosters.prevWeek")}
            </Link>
            <span className="text-sm font-semibold text-slate-800" data-testid="roster-week">
              {week.days[0]} – {week.days[6]}
            </span>
            <Link className={nav} href={`?group=${group.id}&week=${addDays(monday, 7)}`} data-testid="roster-next">
              {t("rosters.nextWeek")}
            </Link>
          </div>
          {week.people.length === 0 ? (
            <EmptyState title={t("rosters.noPeople")} />
          ) : (
            <ClientIntl namespaces={["attendanceSettings"]}>
              <RosterGrid key={`${group.id}:${monday}`} groupId={group.id} days={week.days} people={week.people} cells={week.cells} lastWeek={week.lastWeek} shifts={week.shifts} />
            </ClientIntl>
          )}
        </>
      )}
    </SettingsFrame>
  );
}
