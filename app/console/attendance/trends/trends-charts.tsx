"use client";
// Recharts views of the monthly department trends (console only): attendance rate and lateness rate per department
// group over months (lines), overtime hours per person (bars). Values arrive ready (percent, hours); no fetching.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslations } from "@/i18n/client";

export interface TrendSeries {
  key: string;
  name: string;
}

/** One row per month: { month, [series key]: value | null }. */
export type TrendRow = { month: string } & Record<string, number | string | null>;

const COLORS = ["#2f7cf6", "#10b981", "#f59e0b", "#8b5cf6", "#f43f5e", "#0ea5e9", "#64748b", "#d946ef", "#84cc16", "#14b8a6"];

function Lines({ rows, series, unit, domain }: { rows: TrendRow[]; series: TrendSeries[]; unit: string; domain?: [number, number] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={rows} margin={{ left: 0, right: 16, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="month" tick={{ fontSize: 12 }} />
        <YAxis unit={unit} tick={{ fontSize: 12 }} domain={domain ?? [0, "auto"]} allowDecimals={false} />
        <Tooltip formatter={(v) => (v == null ? "—" : `${v}${unit}`)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={rows.length < 4} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function TrendCharts({ rate, late, overtime, series }: { rate: TrendRow[]; late: TrendRow[]; overtime: TrendRow[]; series: TrendSeries[] }) {
  const t = useTranslations("attendanceDaily.trends");
  return (
    <div className="grid gap-4 xl:grid-cols-2" data-testid="trend-charts">
      <section className="rounded-xl border border-slate-200 bg-white p-4" data-chart="rate">
        <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("rateChart")}</h2>
        <Lines rows={rate} series={series} unit="%" domain={[0, 100]} />
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-4" data-chart="late">
        <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("lateChart")}</h2>
        <Lines rows={late} series={series} unit="%" />
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-4 xl:col-span-2" data-chart="overtime">
        <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("overtimeChart")}</h2>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={overtime} margin={{ left: 0, right: 16, top: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="month" tick={{ fontSize: 12 }} />
            <YAxis unit="h" tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => (v == null ? "—" : `${v} h`)} cursor={{ fill: "#f1f5f9" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </section>
    </div>
  );
}
