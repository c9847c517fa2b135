// 班次设置: HR/admin list the shifts and create or edit one (?edit=new or ?edit=<id>); an edit previews how many
// person-days it recomputes before the save. Managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ShiftEditor } from "@/components/attendance-settings/shift-editor";
import { NEW_SHIFT, toHm, type ShiftForm } from "@/components/attendance-settings/shift-form";
import { EditorCard, SettingsFrame, SettingsList } from "@/components/attendance-settings/settings-frame";
import { TableCell, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listShifts, type ShiftRow } from "@/lib/attendance/settings/shift-settings";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceSettings"))("shifts.heading") };
}

const formOf = (s: ShiftRow): ShiftForm => ({
  name: s.name,
  kind: s.kind,
  sections: s.sections.map((x) => ({ start: x.start, end: x.end, rests: x.rests ?? [] })),
  graceMinutes: s.graceMinutes,
  seriousLateMinutes: s.seriousLateMinutes,
  absentLateMinutes: s.absentLateMinutes,
  earlyLeaveGraceMinutes: s.earlyLeaveGraceMinutes,
  halfDayMinutes: s.halfDayMinutes,
  flexEarliestArrival: s.flexEarliestArrival,
  flexLatestArrival: s.flexLatestArrival,
  requiredMinutes: s.requiredMinutes,
  dayStartMinutes: s.dayStartMinutes,
  workdayOvertimeAfterMinutes: s.workdayOvertimeAfterMinutes,
});

export default async function AttendanceShiftsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceSettings");
  const list = canSeeEveryone(viewer) ? await listShifts(await getDb(), viewer) : [];
  const edit = (await searchParams).edit;
  const editing = edit === "new" ? null : list.find((s) => String(s.id) === edit);
  const hours = (s: ShiftRow) =>
    s.kind === "free" ? t("shifts.kinds.free") : s.sections.map((x) => `${toHm(x.start)}–${x.end >= 1440 ? `${t("shifts.nextDay")} ` : ""}${toHm(x.end)}`).join("，");
  return (
    <SettingsFrame
      heading={t("shifts.heading")}
      subheading={t("shifts.subheading")}
      testid="settings-shifts-heading"
      newLink={{ label: t("shifts.new"), testid: "shift-new" }}
      forbidden={canSeeEveryone(viewer) ? null : t("forbidden")}
    >
      {edit === "new" || editing ? (
        <EditorCard title={editing ? t("shifts.editTitle", { name: editing.name }) : t("shifts.newTitle")} back={t("shifts.back")}>
          <ShiftEditor key={editing?.id ?? "new"} id={editing?.id ?? null} initial={editing ? formOf(editing) : NEW_SHIFT} />
        </EditorCard>
      ) : null}
      <SettingsList testid="shift-list" empty={list.length ? null : { title: t("shifts.emptyTitle"), body: t("shifts.emptyBody") }} heads={[t("shifts.name"), t("shifts.kind"), t("shifts.time"), t("shifts.grace")]}>
        {list.map((s) => (
          <TableRow key={s.id} data-testid={`shift-row-${s.id}`}>
            <TableCell className="font-medium text-slate-900">{s.name}</TableCell>
            <TableCell>{t(`shifts.kinds.${s.kind}`)}</TableCell>
            <TableCell>{hours(s)}</TableCell>
            <TableCell data-testid={`shift-grace-${s.id}`}>{t("shifts.minutes", { n: s.graceMinutes })}</TableCell>
            <TableCell className="text-right">
              <Link href={`?edit=${s.id}`} className="text-sm text-brand-600 underline" data-testid={`shift-edit-${s.id}`}>
                {t("shifts.edit")}
              </Link>
            </TableCell>
          </TableRow>
        ))}
      </SettingsList>
    </SettingsFrame>
  );
}
