"use client";
// Recharts views of the report: stacked statuses by department (each bar drills down), attendance/lateness trend by
// day. Counts are people × meetings, so the count axis has whole-number ticks only.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslations } from "@/i18n/client";
import type { RateRow } from "@/lib/meetings/queries";

// 迟到 (amber) and 早退 (violet) must not read as the same colour.
export const STATUS_COLORS = { on_time: "#10b981", late: "#f59e0b", early_leave: "#8b5cf6", absent: "#f43f5e", on_leave: "#94a3b8" } as const;

const ORDER = Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[];

export interface ChartBar {
  key: string;
  label: string;
  on_time: number;
  late: number;
  early_leave: number;
  absent: number;
  on_leave: number;
  /** where a click on the bar goes (the sub-departments, or the people of a team); none: not clickable */
  href?: string;
}

export function DepartmentChart({ rows }: { rows: (RateRow | ChartBar)[] }) {
  const t = useTranslations("meetings.status");
  const router = useRouter();
  const hrefOf = (i: number | string | null | undefined) => {
    const row = typeof i === "number" ? rows[i] : typeof i === "string" ? rows[Number(i)] : undefined;
    return row && "href" in row ? row.href : undefined;
  };
  const go = (href: string | undefined) => {
    if (href) router.push(href);
  };
  const clickable = rows.some((r) => "href" in r && r.href);
  return (
    <div data-testid="department-chart" className={clickable ? "[&_.recharts-bar-rectangle]:cursor-pointer" : undefined}>
      <ResponsiveContainer width="100%" height={Math.max(220, rows.length * 40 + 60)}>
        <BarChart
          data={rows}
          layout="vertical"
          margin={{ left: 8, right: 16 }}
          onClick={(state) => go(hrefOf(state?.activeTooltipIndex ?? state?.activeIndex))}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => ORDER.indexOf(item.dataKey as keyof typeof STATUS_COLORS)} />
          {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((k) => (
            <Bar key={k} dataKey={k} name={t(k)} stackId="s" fill={STATUS_COLORS[k]} isAnimationActive={false} onClick={(d) => go((d as { payload?: ChartBar })?.payload?.href)} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
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
        <YAxis unit="%" tick={{ fontSize: 12 }} domain={[0, 100]} allowDecimals={false} />
        <Tooltip formatter={(v) => `${v}%`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line type="monotone" dataKey="attendance" name={t("attendanceRate")} stroke="#2f7cf6" strokeWidth={2} dot={data.length < 3} isAnimationActive={false} />
        <Line type="monotone" dataKey="lateness" name={t("latenessRate")} stroke={STATUS_COLORS.late} strokeWidth={2} dot={data.length < 3} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
