// The frame the console's report pages share (考勤日报, 考勤月报, 考勤趋势): the heading, the GET filter form's
// fields, the card for a bad address (which parameter and why — the export answers the same with a 400) and the
// loading placeholder. Server components only: nothing here reaches the browser as JavaScript.
import type { ReactNode } from "react";
import Link from "next/link";
import type { ZodError } from "zod";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";

export function ReportHeading({ title, subtitle, testId }: { title: string; subtitle: string; testId?: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold text-slate-900" data-testid={testId}>
        {title}
      </h1>
      <p className="mt-1 text-sm text-slate-500">{subtitle}</p>
    </div>
  );
}

/** "month: 格式应为 YYYY-MM; department: …" — each rejected parameter with its reason. */
export const queryIssues = (error: ZodError) => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

export function BadQueryCard(props: { heading: ReactNode; title: string; description: string; resetHref: string; resetLabel: string; testId: string }) {
  return (
    <div className="space-y-6">
      {props.heading}
      <Card data-testid={props.testId}>
        <ErrorState
          title={props.title}
          description={props.description}
          action={
            <Link className="text-sm text-brand-600 underline" href={props.resetHref}>
              {props.resetLabel}
            </Link>
          }
        />
      </Card>
    </div>
  );
}

const control = "h-9 rounded-lg border border-slate-200 bg-white px-2 text-sm";

/** One labelled control of a report's filter form. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="text-sm text-slate-600">
      <span className="mb-1 block text-xs text-slate-500">{label}</span>
      {children}
    </label>
  );
}

/** A month or date input of a filter form. */
export function PeriodInput(props: { type: "month" | "date"; name: string; label: string; value: string; testId: string }) {
  return (
    <FilterField label={props.label}>
      <input type={props.type} name={props.name} defaultValue={props.value} className={control} data-testid={props.testId} />
    </FilterField>
  );
}

/** The department filter: the viewer's departments as an indented tree, "all" first. */
export function DepartmentSelect(props: { label: string; allLabel: string; departments: { id: number; name: string; depth: number }[]; value: number | undefined; testId: string }) {
  return (
    <FilterField label={props.label}>
      <select name="department" defaultValue={props.value ? String(props.value) : ""} className={`${control} min-w-48`} data-testid={props.testId}>
        <option value="">{props.allLabel}</option>
        {props.departments.map((d) => (
          <option key={d.id} value={d.id}>
            {"\u3000".repeat(Math.max(0, d.depth))}
            {d.name}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

export function ApplyButton({ children }: { children: ReactNode }) {
  return (
    <button type="submit" className="h-9 rounded-lg bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-700">
      {children}
    </button>
  );
}

/** The page's frame while the server reads: its heading, "loading" in place of the subtitle, and placeholders. */
export function ReportLoading({ title, label, testId, children }: { title: string; label: string; testId: string; children: ReactNode }) {
  return (
    <div className="space-y-5" data-testid={testId} aria-busy="true">
      <ReportHeading title={title} subtitle={label} />
      {children}
    </div>
  );
}

/** `rows` placeholder table rows in a card. */
export function SkeletonRows({ rows }: { rows: number }) {
  return (
    <Card className="space-y-2 p-5">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-7 w-full" />
      ))}
    </Card>
  );
}
