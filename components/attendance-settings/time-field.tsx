"use client";
// A wall-clock time as minutes from 00:00 of the business date (≥ 1440: the next day, with a 次日 tick when allowed).
import { Input } from "@/components/ui/input";
import { toHm } from "./shift-form";

const fromHm = (s: string) => {
  const [h, m] = s.split(":").map(Number);
  return Number.isFinite(h) && Number.isFinite(m) ? h * 60 + m : 0;
};

export function TimeField({ value, onChange, nextDayLabel, testid }: { value: number; onChange: (m: number) => void; nextDayLabel?: string; testid: string }) {
  const next = value >= 1440;
  return (
    <span className="inline-flex items-center gap-1.5">
      <Input type="time" className="h-9 w-36" value={toHm(value)} onChange={(e) => onChange(fromHm(e.target.value) + (next ? 1440 : 0))} data-testid={testid} />
      {nextDayLabel ? (
        <label className="inline-flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" className="size-4" checked={next} onChange={(e) => onChange((value % 1440) + (e.target.checked ? 1440 : 0))} data-testid={`${testid}-next`} />
          {nextDayLabel}
        </label>
      ) : null}
    </span>
  );
}
