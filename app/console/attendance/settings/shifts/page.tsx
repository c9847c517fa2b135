// 班次设置: HR/admin list the shifts and create or edit one (?edit=new or ?edit=<id>); an edit previews how many
// person-days it recomputes before the save. Managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ShiftEditor } from "@/components/attendance-settings/shift-editor";
import { NEW_SHIFT, toHm, type ShiftForm } from "@/components/attendance-settings/shift-form";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
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
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900" data-testid="settings-shifts-heading">
            {t("shifts.heading")}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("shifts.subheading")}</p>
        </div>
        {canSeeEveryone(viewer) ? (
          <Link href="?edit=new" className="rounded-lg bg-brand-500 px-3 py-2 text-sm font-medium text-white hover:bg-brand-600" data-testid="shift-new">
            {t("shifts.new")}
          </Link>
        ) : null}
      </div>
      {!canSeeEveryone(viewer) ? (
        <ForbiddenCard body={t("forbidden")} />
      ) : (
        <>
          {edit === "new" || editing ? (
            <Card>
              <CardHeader className="flex flex-row items-center justify-between">
                <CardTitle>{editing ? t("shifts.editTitle", { name: editing.name }) : t("shifts.newTitle")}</CardTitle>
                <Link href="?" className="text-sm text-brand-600 underline">
                  {t("shifts.back")}
                </Link>
              </CardHeader>
              <CardContent>
                <ClientIntl namespaces={["attendanceSettings"]}>
                  <ShiftEditor key={editing?.id ?? "new"} id={editing?.id ?? null} initial={editing ? formOf(editing) : NEW_SHIFT} />
                </ClientIntl>
              </CardContent>
            </Card>
          ) : null}
          {list.length === 0 ? (
            <EmptyState title={t("shifts.emptyTitle")} description={t("shifts.emptyBody")} />
          ) : (
            <Card>
              <Table data-testid="shift-list">
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("shifts.name")}</TableHead>
                    <TableHead>{t("shifts.kind")}</TableHead>
                    <TableHead>{t("shifts.time")}</TableHead>
                    <TableHead>{t("shifts.grace")}</TableHead>
                    <TableHead />
                  </TableRow>
                </TableHeader>
                <TableBody>
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
                </TableBody>
              </Table>
            </Card>
          )}
        </>
      )}
    </div>
  );
}
