// The board's sub-department filter: a plain GET form (no JavaScript), the same on the phone and the console.
import type { BoardDepartment } from "@/lib/attendance/board";

export function BoardFilter({ action, departments, current, labels }: { action: string; departments: BoardDepartment[]; current: number | null; labels: { department: string; all: string; apply: string } }) {
  if (departments.length <= 1) return null;
  const minDepth = Math.min(...departments.map((d) => d.depth));
  return (
    <form action={action} method="get" className="flex items-center gap-2" data-testid="board-filter">
      <label className="sr-only" htmlFor="board-department">
        {labels.department}
      </label>
      <select
        id="board-department"
        name="department"
        defaultValue={current ?? ""}
        className="h-10 min-w-0 flex-1 rounded-xl border border-slate-200 bg-white px-3 text-[14px] text-slate-800"
      >
        <option value="">{labels.all}</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {"\u3000".repeat(Math.max(0, d.depth - minDepth))}
            {d.name}
          </option>
        ))}
      </select>
      <button type="submit" className="h-10 shrink-0 rounded-xl bg-slate-100 px-4 text-[14px] font-medium text-slate-700 active:bg-slate-200">
        {labels.apply}
      </button>
    </form>
  );
}
