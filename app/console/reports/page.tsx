// 会议考勤报表 (console): a period's attendance in the viewer's scope, by department with drill-down (a bar → its
// sub-departments → the people of a team → a person), by day and by meeting; the per-person summary as its own tab.
// A manager's report starts at the departments they lead; the same filters go to the streamed export.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { BarChart3, ChevronRight, Users } from "lucide-react";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { periodReport } from "@/lib/meetings/queries";
import { departmentBreakdown, personMeetings, personSummary, visibleDepartments, type DepartmentBar, type ReportDepartment } from "@/lib/meetings/report-queries";
import { departmentParam } from "@/lib/meetings/report-schemas";
import { PERSON_SORTS, type PersonSort } from "@/lib/meetings/report-sorts";
import { addDays, businessDate } from "@/lib/time";
import { formatNumber, formatPercent } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { isoDate } from "@/lib/validation";
import { AppError } from "@/lib/errors";
import { DepartmentChart, TrendChart, type ChartBar } from "./charts";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("reports"))("title") };
}

type Params = Record<string, string | number | undefined>;

/** A department or person outside the viewer's scope is the not-found page (404), as the API answers. */
async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
}

function href(p: Params): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== "") s.set(k, String(v));
  return `/console/reports?${s}`;
}

const STATUS_TONE: Record<string, string> = {
  on_time: "bg-emerald-50 text-emerald-700",
  late: "bg-amber-50 text-amber-700",
  early_leave: "bg-violet-50 text-violet-700",
  absent: "bg-rose-50 text-rose-700",
  on_leave: "bg-slate-100 text-slate-600",
};

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("reports");
  const ts = await getTranslations("meetings.status");
  const tp = await getTranslations("meetings.phase");
  const ctx = await formatContext();
  const en = (await getLocale()) === "en";
  const today = businessDate(new Date());
  const q = z
    .object({
      from: isoDate().catch(addDays(today, -29)),
      to: isoDate().catch(today),
      departmentId: departmentParam.catch(undefined),
      tab: z.enum(["overview", "people", "person"]).catch("overview"),
      employeeId: z.coerce.number().int().positive().optional().catch(undefined),
      sort: z.enum(PERSON_SORTS).catch("rate"),
      dir: z.enum(["asc", "desc"]).catch("asc"),
      page: z.coerce.number().int().min(1).max(100_000).catch(1),
    })
    .parse({ from: undefined, to: undefined, tab: undefined, sort: undefined, dir: undefined, page: undefined, ...(await searchParams) });
  if (q.from > q.to) q.from = q.to;
  const db = await getDb();
  const filter = { from: q.from, to: q.to, departmentId: q.departmentId };
  // 404 (the not-found page) for a department outside the viewer's scope: the queries throw it.
  const [tree, breakdown] = await Promise.all([visibleDepartments(db, viewer), orNotFound(departmentBreakdown(db, viewer, filter))]);
  const nameOf = (d: { name: string; nameEn: string | null }) => (en && d.nameEn ? d.nameEn : d.name);
  const base: Params = { from: q.from, to: q.to, departmentId: q.departmentId };
  const tabs = [
    { key: "overview", label: t("tabOverview"), href: href({ ...base }) },
    { key: "people", label: t("tabPeople"), href: href({ ...base, tab: "people" }) },
  ];

  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <ExportButtons report="attendance" path="/api/meetings/reports/export" params={{ from: q.from, to: q.to, departmentId: q.departmentId }} />
      </div>
      {/* keyed by the filters: a bar click navigates client-side and the inputs must show the new department */}
      <form key={`${q.from}|${q.to}|${q.departmentId ?? ""}|${q.tab}`} className="flex flex-wrap items-end gap-3" method="get" data-testid="report-filters">
        {q.tab !== "overview" ? <input type="hidden" name="tab" value={q.tab === "person" ? "people" : q.tab} /> : null}
        <label className="text-xs text-slate-500">{t("from")}<input type="date" name="from" defaultValue={q.from} className="mt-1 block h-9 rounded-lg border border-slate-200 px-2 text-sm text-slate-900" /></label>
        <label className="text-xs text-slate-500">{t("to")}<input type="date" name="to" defaultValue={q.to} className="mt-1 block h-9 rounded-lg border border-slate-200 px-2 text-sm text-slate-900" /></label>
        <label className="text-xs text-slate-500">
          {t("departmentFilter")}
          <select name="departmentId" defaultValue={q.departmentId ?? ""} data-testid="department-picker" className="mt-1 block h-9 min-w-56 rounded-lg border border-slate-200 bg-white px-2 text-sm text-slate-900">
            <option value="">{t("allMine")}</option>
            <DepartmentOptions tree={tree} nameOf={nameOf} />
          </select>
        </label>
        <button className="h-9 rounded-lg bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-700">{t("apply")}</button>
      </form>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200">
        <nav className="flex gap-1" aria-label={t("scope")}>
          {tabs.map((x) => (
            <Link key={x.key} href={x.href} data-testid={`tab-${x.key}`} aria-current={(q.tab === "person" ? "people" : q.tab) === x.key ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${(q.tab === "person" ? "people" : q.tab) === x.key ? "border-brand-500 text-brand-600" : "border-transparent text-slate-500 hover:text-slate-800"}`}>
              {x.label}
            </Link>
          ))}
        </nav>
        <Trail trail={breakdown.trail} roots={breakdown.roots} nameOf={nameOf} base={base} tab={q.tab === "overview" ? undefined : "people"} label={t("scope")} />
      </div>
      {q.tab === "overview" ? (
        <Overview q={q} breakdown={breakdown} base={base} nameOf={nameOf} />
      ) : q.tab === "people" || !q.employeeId ? (
        <People q={q} base={base} />
      ) : (
        <Person q={q} employeeId={q.employeeId} base={base} />
      )}
    </div>
  );

  async function Overview({ q, breakdown, base, nameOf }: { q: { from: string; to: string; departmentId?: number }; breakdown: Awaited<ReturnType<typeof departmentBreakdown>>; base: Params; nameOf: (d: { name: string; nameEn: string | null }) => string }) {
    const r = await periodReport(db, viewer, { from: q.from, to: q.to, departmentId: q.departmentId ?? (canSeeEveryone(viewer) ? undefined : breakdown.node?.id) });
    if (r.totals.total === 0 && breakdown.totals.total === 0) return <Card><EmptyState icon={<BarChart3 />} title={t("empty")} /></Card>;
    const present = r.totals.on_time + r.totals.late + r.totals.early_leave;
    const bars: ChartBar[] = breakdown.bars.map((b: DepartmentBar) => ({
      key: b.key,
      label: b.kind === "none" ? t("noDepartment") : b.kind === "direct" ? t("direct", { name: nameOf({ name: b.label, nameEn: b.labelEn }) }) : nameOf({ name: b.label, nameEn: b.labelEn }),
      on_time: b.on_time, late: b.late, early_leave: b.early_leave, absent: b.absent, on_leave: b.on_leave,
      href: b.kind === "unit" && b.hasChildren ? href({ ...base, departmentId: b.departmentId! }) : b.departmentId ? href({ ...base, departmentId: b.departmentId, tab: "people" }) : undefined,
    }));
    return (
      <>
        <div className="grid grid-cols-4 gap-4">
          <Stat label={t("attendanceRate")} value={formatPercent(r.totals.attendanceRate, ctx.locale)} tone="success" hint={`${formatNumber(present, ctx.locale)} / ${formatNumber(r.totals.total - r.totals.on_leave, ctx.locale)}`} data-testid="stat-attendance" />
          <Stat label={t("latenessRate")} value={formatPercent(r.totals.latenessRate, ctx.locale)} tone="warning" hint={`${formatNumber(r.totals.late, ctx.locale)}`} />
          <Stat label={t("absent")} value={formatNumber(r.totals.absent, ctx.locale)} tone="danger" />
          <Stat label={t("records")} value={formatNumber(r.totals.total, ctx.locale)} tone="brand" hint={`${t("people")} ${formatNumber(breakdown.totals.people, ctx.locale)}`} data-testid="stat-records" />
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Card className="p-5">
            <h2 className="text-base font-semibold text-slate-900">{t("byDepartment")}</h2>
            <p className="mb-3 mt-0.5 text-xs text-slate-500">{t("drillHint")}</p>
            <DepartmentChart rows={bars} />
            <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="department-bars">
              {bars.map((b, i) => (
                <li key={b.key} className="flex items-center justify-between py-1.5" data-testid={`bar-${breakdown.bars[i].kind}-${breakdown.bars[i].departmentId ?? "none"}`}>
                  {b.href ? <Link href={b.href} className="flex items-center gap-1 text-slate-800 hover:text-brand-600">{b.label}<ChevronRight className="size-3.5 text-slate-400" aria-hidden /></Link> : <span className="text-slate-800">{b.label}</span>}
                  <span className="tabular-nums text-xs text-slate-500">
                    {t("peopleN", { n: formatNumber(breakdown.bars[i].people, ctx.locale) })} · {breakdown.bars[i].attendanceRate === null ? "—" : formatPercent(breakdown.bars[i].attendanceRate!, ctx.locale)}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
          <Card className="p-5"><h2 className="mb-3 text-base font-semibold text-slate-900">{t("byDay")}</h2><TrendChart rows={r.byDay} /></Card>
        </div>
        <Card className="overflow-hidden">
          <h2 className="px-5 pt-4 text-base font-semibold text-slate-900">{t("byMeeting")}</h2>
          <table className="mt-2 w-full text-left text-sm" data-testid="report-meetings">
            <thead className="bg-slate-50 text-xs text-slate-500"><tr><th className="px-5 py-2">{t("meeting")}</th><th className="px-3 py-2 text-right">{t("records")}</th><th className="px-3 py-2 text-right">{t("attendanceRate")}</th><th className="px-5 py-2 text-right">{t("latenessRate")}</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {r.meetings.map((m) => (
                <tr key={m.key} className="hover:bg-slate-50">
                  <td className="px-5 py-2"><Link href={`/console/meetings/${m.key}`} className="text-slate-900 hover:text-brand-600">{m.label}</Link><span className="ml-2 text-xs text-slate-400">{m.startsAt.slice(0, 16)}</span></td>
                  <td className="px-3 py-2 text-right tabular-nums">{m.total}</td>
                  <td className="px-3 py-2 text-right tabular-nums" data-phase={m.phase}>{m.attendanceRate === null ? <span className="text-xs text-slate-400">{tp(m.phase)}</span> : formatPercent(m.attendanceRate, ctx.locale)}</td>
                  <td className="px-5 py-2 text-right tabular-nums">{m.latenessRate === null ? "—" : formatPercent(m.latenessRate, ctx.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </>
    );
  }

  async function People({ q, base }: { q: { from: string; to: string; departmentId?: number; sort: PersonSort; dir: "asc" | "desc"; page: number }; base: Params }) {
    const p = await orNotFound(personSummary(db, viewer, { ...q, pageSize: 20 }));
    const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
    const sortLink = (s: PersonSort) => href({ ...base, tab: "people", sort: s, dir: q.sort === s && q.dir === "asc" ? "desc" : "asc" });
    const head = (s: PersonSort | null, label: string, right = true) => (
      <th className={`px-3 py-2 ${right ? "text-right" : ""}`} aria-sort={s && q.sort === s ? (q.dir === "asc" ? "ascending" : "descending") : undefined}>
        {s ? <Link href={sortLink(s)} title={t("sortBy")} data-testid={`sort-${s}`} className="hover:text-slate-800">{label}{q.sort === s ? (q.dir === "asc" ? " ↑" : " ↓") : ""}</Link> : label}
      </th>
    );
    if (p.total === 0) return <Card><EmptyState icon={<Users />} title={t("noPeople")} /></Card>;
    return (
      <Card className="overflow-hidden">
        <div className="flex items-center justify-between px-5 pt-4">
          <h2 className="text-base font-semibold text-slate-900">{t("peopleTitle")}</h2>
          <span className="text-xs text-slate-500" data-testid="people-count">{t("peopleCount", { n: p.total })}</span>
        </div>
        <table className="mt-2 w-full text-left text-sm" data-testid="people-table">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              {head("employeeNo", t("employeeNo"), false)}
              {head(null, t("name"), false)}
              {head(null, t("currentDepartment"), false)}
              {head("invited", t("invited"))}
              {head(null, t("attended"))}
              {head("late", t("late"))}
              {head(null, t("earlyLeave"))}
              {head("absent", t("absent"))}
              {head(null, t("onLeave"))}
              {head("rate", t("rate"))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {p.rows.map((r) => (
              <tr key={r.employeeId} className="hover:bg-slate-50" data-testid="person-row" data-employee-no={r.employeeNo}>
                <td className="px-3 py-2 tabular-nums text-slate-500">{r.employeeNo}</td>
                <td className="px-3 py-2"><Link href={href({ ...base, tab: "person", employeeId: r.employeeId })} className="text-slate-900 hover:text-brand-600" data-testid="person-link">{r.name}</Link></td>
                <td className="px-3 py-2 text-slate-600">{(en ? r.departmentEn : null) ?? r.department ?? "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="invited">{r.invited}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="attended">{r.attended}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="late">{r.late}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="earlyLeave">{r.earlyLeave}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="absent">{r.absent}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="onLeave">{r.onLeave}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="rate">{r.rate === null ? "—" : formatPercent(r.rate, ctx.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="flex items-center justify-end gap-3 border-t border-slate-100 px-5 py-3 text-sm">
          <span className="text-xs text-slate-500">{t("pageOf", { page: p.page, pages })}</span>
          {p.page > 1 ? <Link href={href({ ...base, tab: "people", sort: q.sort, dir: q.dir, page: p.page - 1 })} className="rounded-lg border border-slate-200 px-3 py-1 text-slate-700 hover:bg-slate-50">{t("prev")}</Link> : null}
          {p.page < pages ? <Link href={href({ ...base, tab: "people", sort: q.sort, dir: q.dir, page: p.page + 1 })} className="rounded-lg border border-slate-200 px-3 py-1 text-slate-700 hover:bg-slate-50" data-testid="next-page">{t("next")}</Link> : null}
        </div>
      </Card>
    );
  }

  async function Person({ q, employeeId, base }: { q: { from: string; to: string; departmentId?: number }; employeeId: number; base: Params }) {
    const d = await orNotFound(personMeetings(db, viewer, { ...q, employeeId }));
    return (
      <div className="space-y-4">
        <Link href={href({ ...base, tab: "people" })} className="text-sm text-brand-600 hover:underline">← {t("backToPeople")}</Link>
        <div className="grid grid-cols-4 gap-4">
          <Stat label={t("invited")} value={formatNumber(d.totals.total, ctx.locale)} tone="brand" hint={`${d.person.employeeNo} · ${d.person.department ?? "—"}`} />
          <Stat label={t("rate")} value={d.totals.attendanceRate === null ? "—" : formatPercent(d.totals.attendanceRate, ctx.locale)} tone="success" data-testid="person-rate" />
          <Stat label={`${t("late")} / ${t("earlyLeave")}`} value={`${d.totals.late} / ${d.totals.early_leave}`} tone="warning" />
          <Stat label={`${t("absent")} / ${t("onLeave")}`} value={`${d.totals.absent} / ${d.totals.on_leave}`} tone="danger" />
        </div>
        <Card className="overflow-hidden">
          <h2 className="px-5 pt-4 text-base font-semibold text-slate-900" data-testid="person-title">{t("personTitle", { name: d.person.name })}</h2>
          <table className="mt-2 w-full text-left text-sm" data-testid="person-meetings">
            <thead className="bg-slate-50 text-xs text-slate-500"><tr><th className="px-5 py-2">{t("meeting")}</th><th className="px-3 py-2">{t("date")}</th><th className="px-3 py-2">{t("status")}</th><th className="px-3 py-2">{t("checkedIn")}</th><th className="px-5 py-2">{t("departmentAtMeeting")}</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {d.rows.map((r) => (
                <tr key={r.meetingId}>
                  <td className="px-5 py-2"><Link href={`/console/meetings/${r.meetingId}`} className="text-slate-900 hover:text-brand-600">{r.title}</Link></td>
                  <td className="px-3 py-2 tabular-nums text-slate-600">{r.startsAt}</td>
                  <td className="px-3 py-2"><span className={`rounded-md px-1.5 py-0.5 text-xs font-medium ${STATUS_TONE[r.status] ?? ""}`}>{ts(r.status as "on_time")}</span></td>
                  <td className="px-3 py-2 tabular-nums text-slate-600">{r.checkedInAt ?? "—"}</td>
                  <td className="px-5 py-2 text-slate-600">{r.department ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    );
  }
}

function DepartmentOptions({ tree, nameOf }: { tree: ReportDepartment[]; nameOf: (d: ReportDepartment) => string }) {
  const top = Math.min(...tree.map((d) => d.depth));
  return (
    <>
      {tree.map((d) => (
        <option key={d.id} value={d.id}>{`${"\u3000".repeat(Math.max(0, d.depth - top))}${nameOf(d)}`}</option>
      ))}
    </>
  );
}

function Trail({ trail, roots, nameOf, base, tab, label }: { trail: ReportDepartment[]; roots: ReportDepartment[]; nameOf: (d: ReportDepartment) => string; base: Params; tab?: string; label: string }) {
  const items = trail.length ? trail : roots;
  return (
    <nav aria-label={label} className="flex items-center gap-1 pb-2 text-sm text-slate-500" data-testid="report-trail">
      {items.map((d, i) => (
        <span key={d.id} className="flex items-center gap-1">
          {i > 0 ? <ChevronRight className="size-3.5 text-slate-300" aria-hidden /> : null}
          {trail.length && i === items.length - 1 ? <span className="font-medium text-slate-900">{nameOf(d)}</span> : <Link href={href({ ...base, departmentId: d.id, tab })} className="hover:text-brand-600">{nameOf(d)}</Link>}
          {!trail.length && i < items.length - 1 ? <span className="text-slate-300">·</span> : null}
        </span>
      ))}
    </nav>
  );
}
