"use client";
// 排班 grid: people × the 7 days of a week, a cell = a shift or rest; 复制上周 fills the week from the one before; the
// changed cells are previewed (how many person-days recompute) and saved.
import * as React from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useTranslations } from "@/i18n/client";
import { ImpactSave } from "./impact-save";

type Cells = Record<string, number | null>;
const REST = "rest";

export function RosterGrid({
  groupId,
  days,
  people,
  cells,
  lastWeek,
  shifts,
}: {
  groupId: number;
  days: string[];
  people: { id: number; employeeNo: string; name: string }[];
  cells: Cells;
  lastWeek: Cells;
  shifts: { id: number; name: string }[];
}) {
  const t = useTranslations("attendanceSettings");
  const [grid, setGrid] = React.useState<Cells>(cells);
  const [note, setNote] = React.useState<string | null>(null);
  // After a save the page refreshes with the stored cells: start from them again.
  const [base, setBase] = React.useState(cells);
  if (base !== cells) {
    setBase(cells);
    setGrid(cells);
  }
  const changed = Object.entries(grid).filter(([k, v]) => !(k in cells) || cells[k] !== v);
  const weekday = t("calendar.weekdays").split(",");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          size="sm"
          variant="outline"
          data-testid="roster-copy-last-week"
          onClick={() => {
            const copy = Object.entries(lastWeek).filter(([k]) => people.some((p) => k.startsWith(`${p.id}:`)));
            if (!copy.length) return setNote(t("rosters.nothingToCopy"));
            setGrid((g) => ({ ...g, ...Object.fromEntries(copy) }));
            setNote(t("rosters.copied", { count: copy.length }));
          }}
        >
          {t("rosters.copyLastWeek")}
        </Button>
        {note ? (
          <span className="text-sm text-slate-600" role="status">
            {note}
          </span>
        ) : null}
        <span className="text-sm text-slate-500" data-testid="roster-changed">
          {t("rosters.changed", { count: changed.length })}
        </span>
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="roster-grid">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2 text-left font-medium">{t("rosters.person")}</th>
              {days.map((d, i) => (
                <th key={d} className="px-2 py-2 text-left font-medium">
                  {weekday[i]} {d.slice(5)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-3 py-1.5 text-slate-800">
                  {p.name} <span className="text-xs text-slate-400">{p.employeeNo}</span>
                </td>
                {days.map((d) => {
                  const k = `${p.id}:${d}`;
                  const v = grid[k];
                  const dirty = k in grid && (!(k in cells) || cells[k] !== v);
                  return (
                    <td key={d} className="px-1.5 py-1">
                      <select
                        aria-label={`${p.name} ${d}`}
                        data-testid={`roster-cell-${p.id}-${d}`}
                        className={cn("h-8 w-full min-w-24 rounded-md border px-1 text-xs", dirty ? "border-brand-400 bg-brand-50" : "border-slate-200 bg-white", v === null && "text-slate-500")}
                        value={k in grid ? (v === null ? REST : String(v)) : ""}
                        onChange={(e) => setGrid((g) => ({ ...g, [k]: e.target.value === REST ? null : Number(e.target.value) }))}
                      >
                        {!(k in grid) ? <option value="">{t("rosters.unset")}</option> : null}
                        <option value={REST}>{t("rosters.rest")}</option>
                        {shifts.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ImpactSave
        url="/api/attendance/settings/rosters"
        method="PUT"
        scope="cells"
        disabled={changed.length === 0}
        body={{ groupId, cells: changed.map(([k, shiftId]) => ({ employeeId: Number(k.split(":")[0]), date: k.split(":")[1], shiftId })) }}
      />
    </div>
  );
}
