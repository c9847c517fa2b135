// A recurring meeting's report (周例会): each occurrence's figures (the same as its own page, lib/meetings/figures)
// and, per person, the settled occurrences: invited, attended, late, early leave, absent, on leave, rate.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { seriesReport } from "@/lib/meetings/series";
import { formatDay, formatPercent, formatTimeRange } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { parseId } from "@/lib/validation";

export const dynamic = "force-dynamic";

const PHASE_TONE = { upcoming: "neutral", in_progress: "warning", final: "success", cancelled: "neutral" } as const;

export default async function SeriesReportPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound();
  let report;
  try {
    report = await seriesReport(await getDb(), viewer, id);
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  const t = await getTranslations("meetings.series");
  const tp = await getTranslations("meetings.phase");
  const ctx = await formatContext();
  const s = report.series;
  const first = report.occurrences[0];
  const last = report.occurrences[report.occurrences.length - 1];
  const th = "px-4 py-2 font-medium";
  const td = "px-4 py-2 tabular-nums";
  const pct = (r: number | null) => (r === null ? "—" : formatPercent(r, ctx.locale));
  return (
    <div className="space-y-6" data-testid="series-report" data-series-id={s.id}>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="series-title">{t("title")} · {s.title}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {t("subtitle", { frequency: t(s.frequency), count: report.occurrences.length, start: first ? formatDay(first.startsAt, ctx) : "—", end: last ? formatDay(last.startsAt, ctx) : "—" })}
        </p>
      </div>
      <Card className="overflow-x-auto">
        <h2 className="px-4 pt-4 text-base font-semibold text-slate-900">{t("occurrences")}</h2>
        <table className="mt-2 w-full min-w-[760px] text-left text-sm" data-testid="series-occurrences">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className={th}>{t("columns.index")}</th><th className={th}>{t("columns.date")}</th><th className={th}>{t("columns.meeting")}</th><th className={th}>{t("columns.phase")}</th>
              <th className={th}>{t("columns.expected")}</th><th className={th}>{t("columns.checkedIn")}</th><th className={th}>{t("columns.late")}</th><th className={th}>{t("columns.earlyLeave")}</th>
              <th className={th}>{t("columns.absent")}</th><th className={th}>{t("columns.onLeave")}</th><th className={th}>{t("columns.rate")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.occurrences.map((o) => {
              const f = o.figures;
              const started = f.phase !== "upcoming" && f.phase !== "cancelled";
              return (
                <tr key={o.meetingId} data-meeting-id={o.meetingId} data-phase={f.phase} data-checked-in={f.checkedIn}>
                  <td className={`${td} text-slate-500`}>{o.index ?? "—"}</td>
                  <td className={`${td} text-slate-700`}>{formatDay(o.startsAt, ctx)} {formatTimeRange(o.startsAt, o.endsAt, ctx)}</td>
                  <td className="px-4 py-2"><Link href={`/console/meetings/${o.meetingId}`} className="text-brand-600 hover:underline">{o.title}</Link></td>
                  <td className="px-4 py-2"><Badge tone={PHASE_TONE[f.phase]}>{tp(f.phase)}</Badge></td>
                  <td className={td}>{f.expected}</td>
                  <td className={td}>{started ? f.checkedIn : "—"}</td>
                  <td className={td}>{started ? f.late : "—"}</td>
                  <td className={td}>{started ? f.earlyLeave : "—"}</td>
                  <td className={td}>{f.phase === "final" ? f.absent : "—"}</td>
                  <td className={td}>{f.onLeave}</td>
                  <td className={td} data-testid="occurrence-rate">{pct(f.attendanceRate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <Card className="overflow-x-auto">
        <div className="flex items-baseline justify-between px-4 pt-4">
          <h2 className="text-base font-semibold text-slate-900">{t("people")}</h2>
          <p className="text-xs text-slate-500">{t("peopleHint")}</p>
        </div>
        {report.people.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">{t("noPeople")}</p>
        ) : (
          <table className="mt-2 w-full min-w-[760px] text-left text-sm" data-testid="series-people">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className={th}>{t("columns.employeeNo")}</th><th className={th}>{t("columns.name")}</th><th className={th}>{t("columns.department")}</th><th className={th}>{t("columns.invited")}</th>
                <th className={th}>{t("columns.attended")}</th><th className={th}>{t("columns.late")}</th><th className={th}>{t("columns.earlyLeave")}</th><th className={th}>{t("columns.absent")}</th>
                <th className={th}>{t("columns.onLeave")}</th><th className={th}>{t("columns.rate")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.people.map((p) => (
                <tr key={p.employeeId} data-employee-no={p.employeeNo} data-attended={p.attended} data-invited={p.invited}>
                  <td className={`${td} text-slate-500`}>{p.employeeNo}</td>
                  <td className="px-4 py-2 text-slate-900">{p.name}</td>
                  <td className="px-4 py-2 text-slate-600">{p.department ?? "—"}</td>
                  <td className={td}>{p.invited}</td>
                  <td className={td}>{p.attended}</td>
                  <td className={td}>{p.late}</td>
                  <td className={td}>{p.early_leave}</td>
                  <td className={td}>{p.absent}</td>
                  <td className={td}>{p.on_leave}</td>
                  <td className={td}>{pct(p.attendanceRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
