"use client";
// Recharts views of the report: stacked statuses by department, attendance/lateness trend by day.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslations } from "next-intl";
import type { RateRow } from "@/lib/meetings/queries";

const COLORS = { on_time: "#10b981", late: "#f59e0b", early_leave: "#f97316", on_leave: "#94a3b8", absent: "#f43f5e" } as const;

export function DepartmentChart({ rows }: { rows: RateRow[] }) {
  const t = useTranslations("meetings.status");
  return (
    <ResponsiveContainer width="100%" height={Math.max(220, rows.length * 36)}>
      <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((k) => (
          <Bar key={k} dataKey={k} name={t(k)} stackId="s" fill={COLORS[k]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TrendChart({ rows }: { rows: RateRow[] }) {
  const t = useTranslations("reports");
  const data = rows.map((r) => ({ day: r.label.slice(5), attendance: Math.round(r.attendanceRate * 1000) / 10, lateness: Math.round(r.latenessRate * 1000) / 10 }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={data} margin={{ left: 0, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tick={{ fontSize: 12 }} />
        <YAxis unit="%" tick={{ fontSize: 12 }} domain={[0, 100]} />
        <Tooltip formatter={(v) => `${v}%`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line type="monotone" dataKey="attendance" name={t("attendanceRate")} stroke="#2f7cf6" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="lateness" name={t("latenessRate")} stroke="#f59e0b" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
