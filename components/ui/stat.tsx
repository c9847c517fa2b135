import * as React from "react";
import { cn } from "./cn";
import { Card } from "./card";

/** A KPI: label, a large number, and one line of context. */
export function Stat({
  label,
  value,
  hint,
  icon,
  tone = "neutral",
  href,
  className,
  ...props
}: {
  label: React.ReactNode;
  value: React.ReactNode;
  hint?: React.ReactNode;
  icon?: React.ReactNode;
  tone?: "neutral" | "brand" | "success" | "warning" | "danger";
  href?: string;
} & Omit<React.HTMLAttributes<HTMLDivElement>, "title">) {
  const toneClass = {
    neutral: "bg-slate-100 text-slate-500",
    brand: "bg-brand-50 text-brand-600",
    success: "bg-emerald-50 text-emerald-600",
    warning: "bg-amber-50 text-amber-600",
    danger: "bg-rose-50 text-rose-600",
  }[tone];
  const body = (
    <Card className={cn("h-full p-5 transition-shadow", href && "hover:shadow-md", className)} {...props}>
      <div className="flex items-center justify-between gap-3">
        <p className="text-[13px] font-medium text-slate-500">{label}</p>
        {icon ? <span className={cn("flex size-8 items-center justify-center rounded-lg [&_svg]:size-4", toneClass)}>{icon}</span> : null}
      </div>
      <p className="mt-3 text-[28px] font-semibold leading-none tracking-tight text-slate-900 tabular-nums">{value}</p>
      {hint ? <p className="mt-2 text-xs leading-5 text-slate-500">{hint}</p> : null}
    </Card>
  );
  return href ? (
    <a href={href} className="block rounded-2xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
      {body}
    </a>
  ) : (
    body
  );
}
