// What the approvals console's pages share: the filter form (GET, so every filter is a link), the tabs, and how a
// duration reads ("3 小时 20 分"). Server components only.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ApplyButton, DepartmentSelect, FilterField, PeriodInput } from "@/components/console/report-frame";
import { APPROVAL_ITEM_STATUSES } from "@/db/schema";
import type { ApprovalsConsoleQuery } from "@/lib/approvals/console/queries";
import { TODO_SOURCES } from "@/lib/approvals/queries";

type T = Awaited<ReturnType<typeof getTranslations<"approvalsConsole">>>;

/** Seconds as words: under a minute in seconds, under an hour in minutes, under a day in hours and minutes, else days and hours. */
export function durationText(t: T, seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.round(seconds);
  if (s < 60) return t("duration.seconds", { n: s });
  if (s < 3600) return t("duration.minutes", { n: Math.floor(s / 60) });
  if (s < 86_400) return t("duration.hours", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t("duration.days", { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
}

/** The filters as query parameters (page left out unless given). */
export function filterParams(q: ApprovalsConsoleQuery, page?: number): Record<string, string | undefined> {
  return {
    status: q.status,
    source: q.source,
    flow: q.flow ? String(q.flow) : undefined,
    department: q.department ? String(q.department) : undefined,
    from: q.from,
    to: q.to,
    overdue: q.overdue,
    page: page && page > 1 ? String(page) : undefined,
  };
}

export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

const control = "h-9 rounded-lg border border-slate-200 bg-white px-2 text-sm";

export function ApprovalTabs({ t, active, params }: { t: T; active: "list" | "dashboard"; params: Record<string, string | undefined> }) {
  const tab = (key: "list" | "dashboard", path: string) => (
    <Link
      href={hrefWith(path, { ...params, page: undefined })}
      aria-current={active === key ? "page" : undefined}
      data-testid={`approvals-tab-${key}`}
      className={`rounded-md px-3 py-1.5 text-sm ${active === key ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
    >
      {t(`tabs.${key}`)}
    </Link>
  );
  return (
    <nav className="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
      {tab("list", "/console/approvals")}
      {tab("dashboard", "/console/approvals/dashboard")}
    </nav>
  );
}

export function ApprovalFilters(props: {
  t: T;
  action: string;
  q: ApprovalsConsoleQuery;
  flows: { id: number; name: string }[];
  departments: { id: number; name: string; depth: number }[];
  withStatus: boolean;
}) {
  const { t, q } = props;
  return (
    <form method="get" action={props.action} className="flex flex-wrap items-end gap-3" data-testid="approvals-filters">
      {props.withStatus ? (
        <FilterField label={t("filters.status")}>
          <select name="status" defaultValue={q.status ?? ""} className={control} data-testid="filter-status">
            <option value="">{t("filters.all")}</option>
            {APPROVAL_ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </FilterField>
      ) : null}
      <FilterField label={t("filters.source")}>
        <select name="source" defaultValue={q.source ?? ""} className={control} data-testid="filter-source">
          <option value="">{t("filters.all")}</option>
          {TODO_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField label={t("filters.flow")}>
        <select name="flow" defaultValue={q.flow ? String(q.flow) : ""} className={control} data-testid="filter-flow">
          <option value="">{t("filters.all")}</option>
          {props.flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </FilterField>
      <DepartmentSelect label={t("filters.department")} allLabel={t("filters.allDepartments")} departments={props.departments} value={q.department} testId="filter-department" />
      <PeriodInput type="date" name="from" label={t("filters.from")} value={q.from ?? ""} testId="filter-from" />
      <PeriodInput type="date" name="to" label={t("filters.to")} value={q.to ?? ""} testId="filter-to" />
      <label className="flex h-9 items-center gap-1.5 text-sm text-slate-600">
        <input type="checkbox" name="overdue" value="1" defaultChecked={q.overdue === "1"} className="size-4 accent-brand-500" data-testid="filter-overdue" />
        {t("filters.overdue")}
      </label>
      <ApplyButton>{t("filters.apply")}</ApplyButton>
      <Link href={props.action} className="h-9 px-1 text-sm leading-9 text-brand-600" data-testid="filters-reset">
        {t("filters.reset")}
      </Link>
    </form>
  );
}
