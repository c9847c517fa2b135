// 考勤组: HR/admin list the attendance groups and create or edit one (?edit=new or ?edit=<id>); a change previews how
// many person-days it recomputes before the save. Managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { GroupEditor, type GroupForm } from "@/components/attendance-settings/group-editor";
import { EditorCard, SettingsFrame, SettingsList } from "@/components/attendance-settings/settings-frame";
import { TableCell, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { departmentOptions, listGroups } from "@/lib/attendance/settings/group-settings";
import { listShifts } from "@/lib/attendance/settings/shift-settings";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceSettings"))("groups.heading") };
}

const NEW_GROUP: GroupForm = { name: "", priority: 0, defaultShiftId: null, schedule: "calendar", members: [], places: [], wifi: [], fieldAllowed: false };

export default async function AttendanceGroupsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceSettings");
  const allowed = canSeeEveryone(viewer);
  const db = await getDb();
  const [groups, shifts, departments] = allowed ? await Promise.all([listGroups(db, viewer), listShifts(db, viewer), departmentOptions(db, viewer)]) : [[], [], []];
  const edit = (await searchParams).edit;
  const editing = edit === "new" ? null : groups.find((g) => String(g.id) === edit);
  const shiftName = new Map(shifts.map((s) => [s.id, s.name]));
  return (
    <SettingsFrame
      heading={t("groups.heading")}
      subheading={t("groups.subheading")}
      testid="settings-groups-heading"
      newLink={{ label: t("groups.new"), testid: "group-new" }}
      forbidden={allowed ? null : t("forbidden")}
    >
      {edit === "new" || editing ? (
        <EditorCard title={editing ? t("groups.editTitle", { name: editing.name }) : t("groups.newTitle")} back={t("groups.back")}>
          <GroupEditor key={editing?.id ?? "new"} id={editing?.id ?? null} initial={editing ?? NEW_GROUP} shifts={shifts.map((s) => ({ id: s.id, name: s.name }))} departments={departments} />
        </EditorCard>
      ) : null}
      <SettingsList testid="group-list" empty={groups.length ? null : { title: t("groups.emptyTitle"), body: t("groups.emptyBody") }} heads={[t("groups.name"), t("groups.priority"), t("groups.defaultShift"), t("groups.schedule"), t("groups.members")]}>
        {groups.map((g) => (
          <TableRow key={g.id} data-testid={`group-row-${g.id}`}>
            <TableCell className="font-medium text-slate-900">{g.name}</TableCell>
            <TableCell>{g.priority}</TableCell>
            <TableCell>{g.defaultShiftId != null ? (shiftName.get(g.defaultShiftId) ?? g.defaultShiftId) : t("groups.noShift")}</TableCell>
            <TableCell>{g.schedule === "roster" ? t("groups.scheduleRosterShort") : t("groups.scheduleCalendarShort")}</TableCell>
            <TableCell className="max-w-xs truncate text-slate-600">
              {g.members.map((m) => ("departmentId" in m ? m.departmentName : `${m.employeeName}${m.excluded ? `（${t("groups.excluded")}）` : ""}`)).join("、")}
            </TableCell>
            <TableCell className="space-x-3 text-right">
              {g.schedule === "roster" ? (
                <Link href={`/console/attendance/settings/rosters?group=${g.id}`} className="text-sm text-brand-600 underline">
                  {t("groups.rosterLink")}
                </Link>
              ) : null}
              <Link href={`?edit=${g.id}`} className="text-sm text-brand-600 underline" data-testid={`group-edit-${g.id}`}>
                {t("groups.edit")}
              </Link>
            </TableCell>
          </TableRow>
        ))}
      </SettingsList>
    </SettingsFrame>
  );
}
