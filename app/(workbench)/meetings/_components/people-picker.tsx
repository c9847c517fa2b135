"use client";
// The invitation picker (loaded only when opened): a full-screen sheet for a phone, like the WeCom/DingTalk
// pickers. Browse the department tree through breadcrumbs — tick a whole department (its sub-departments come
// with it) or single people — or search by name, 工号 or department. A bar at the bottom counts what is picked.
// Data: GET /api/departments/tree once, GET /api/people/search per department or query (lib/org/directory).
import { useEffect, useMemo, useState } from "react";
import { useLocale, useTranslations } from "@/i18n/client";
import { Check, ChevronRight, Search, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { approxInvitees, coveredBy, toggleDepartment, togglePerson, type InviteSelection, type PickedPerson, type TreeDepartment } from "./invite-selection";

interface ApiPerson {
  id: number;
  name: string;
  employeeNo: string;
  department: { id: number; name: string } | null;
}

function Box({ on, disabled }: { on: boolean; disabled?: boolean }) {
  return (
    <span aria-hidden className={`flex size-5 shrink-0 items-center justify-center rounded-md border ${on ? (disabled ? "border-brand-200 bg-brand-200 text-white" : "border-brand-500 bg-brand-500 text-white") : "border-slate-300 bg-white"}`}>
      {on ? <Check className="size-3.5" strokeWidth={3} /> : null}
    </span>
  );
}

export function PeoplePicker({ initial, onDone, onClose }: { initial: InviteSelection; onDone: (s: InviteSelection) => void; onClose: () => void }) {
  const t = useTranslations("meetings.form.picker");
  const en = useLocale() === "en";
  const [sel, setSel] = useState<InviteSelection>(initial);
  const [tree, setTree] = useState<TreeDepartment[] | null>(null);
  const [at, setAt] = useState<number | null>(null); // the department being browsed (null: the top)
  const [q, setQ] = useState("");
  const [found, setFound] = useState<{ key: string; data: ApiPerson[] } | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    fetch("/api/departments/tree", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r)))
      .then((j: { data: TreeDepartment[] }) => setTree(j.data))
      .catch(() => setError(true));
  }, []);

  const byId = useMemo(() => new Map((tree ?? []).map((d) => [d.id, d])), [tree]);
  const label = (d: TreeDepartment) => (en && d.nameEn) || d.name;
  // The top of the tree: the root department(s). A company with one root starts inside it.
  const roots = useMemo(() => (tree ?? []).filter((d) => d.parentId == null || !byId.has(d.parentId)), [tree, byId]);
  const home = roots.length === 1 ? roots[0].id : null;
  const current = at ?? home;
  const children = useMemo(() => (tree ?? []).filter((d) => (current == null ? roots.includes(d) : d.parentId === current)), [tree, current, roots]);
  const trail = useMemo(() => {
    const out: TreeDepartment[] = [];
    for (let c = current; c != null && byId.has(c); c = byId.get(c)!.parentId) out.unshift(byId.get(c)!);
    return out;
  }, [current, byId]);
  const query = q.trim();

  // What the people list shows: a search, or the browsed department's own people (nothing at the very top).
  const key = query ? `q=${encodeURIComponent(query)}` : current != null ? `department_id=${current}&scope=direct` : "";
  const people = key === "" ? [] : found?.key === key ? found.data : null;

  useEffect(() => {
    if (!key) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/people/search?${key}`, { signal: ctl.signal, cache: "no-store" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r)))
        .then((j: { data: ApiPerson[] }) => setFound({ key, data: j.data }))
        .catch((e) => {
          if ((e as Error)?.name !== "AbortError") setError(true);
        });
    }, key.startsWith("q=") ? 250 : 0);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [key]);

  const pickedDepts = new Set(sel.departments.map((d) => d.id));
  const pickedPeople = new Set(sel.people.map((p) => p.id));
  const matchingDepts = query ? (tree ?? []).filter((d) => d.name.includes(query) || (d.nameEn ?? "").toLowerCase().includes(query.toLowerCase())).slice(0, 20) : [];
  const deptRows = query ? matchingDepts : children;

  const toPicked = (p: ApiPerson): PickedPerson => ({ id: p.id, name: p.name, employeeNo: p.employeeNo, departmentId: p.department?.id ?? null, department: p.department?.name ?? null });
  const total = approxInvitees(sel);

  return (
    <div className="fixed inset-0 z-50 flex flex-col bg-slate-50" role="dialog" aria-modal="true" aria-label={t("title")} data-testid="people-picker">
      <div className="flex items-center gap-2 border-b border-slate-200 bg-white px-2 pt-[env(safe-area-inset-top)]">
        <button type="button" onClick={onClose} className="flex size-11 items-center justify-center text-slate-600" aria-label={t("close")}>
          <X className="size-5" />
        </button>
        <h2 className="flex-1 text-center text-[16px] font-semibold text-slate-900">{t("title")}</h2>
        <span className="size-11" aria-hidden />
      </div>
      <div className="bg-white px-4 pb-3 pt-2">
        <label className="relative block">
          <span className="sr-only">{t("search")}</span>
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t("search")}
            className="h-10 w-full rounded-xl bg-slate-100 pl-9 pr-3 text-[15px] text-slate-900 outline-none focus:ring-2 focus:ring-brand-500/30"
            data-testid="picker-search"
            enterKeyHint="search"
          />
        </label>
        {!query ? (
          <nav aria-label={t("breadcrumbs")} className="mt-2 flex items-center gap-1 overflow-x-auto whitespace-nowrap text-[13px]" data-testid="picker-breadcrumbs">
            {roots.length > 1 || trail.length === 0 ? (
              <button type="button" onClick={() => setAt(null)} className={trail.length ? "text-brand-600" : "text-slate-500"}>{t("everyone")}</button>
            ) : null}
            {trail.map((d, i) => (
              <span key={d.id} className="flex items-center gap-1">
                {i > 0 || roots.length > 1 ? <ChevronRight className="size-3.5 text-slate-300" aria-hidden /> : null}
                <button type="button" onClick={() => setAt(d.id)} className={i === trail.length - 1 ? "font-medium text-slate-900" : "text-brand-600"}>{label(d)}</button>
              </span>
            ))}
          </nav>
        ) : null}
      </div>

      <div className="flex-1 overflow-y-auto pb-4">
        {error ? <p role="alert" className="m-4 rounded-xl bg-rose-50 px-3 py-2 text-[13px] text-rose-700">{t("error")}</p> : null}
        {tree === null && !error ? <p className="p-6 text-center text-sm text-slate-400">{t("loading")}</p> : null}
        {!query && current != null && byId.has(current) ? (
          // The department being browsed, as a whole (e.g. the company for a 全员大会).
          <section className="mt-2 bg-white">
            {(() => {
              const d = byId.get(current)!;
              const on = pickedDepts.has(d.id);
              const cover = coveredBy(d.parentId, pickedDepts, byId);
              return (
                <button
                  type="button"
                  className="flex min-h-12 w-full items-center gap-3 px-4 py-2 text-left disabled:opacity-60"
                  disabled={cover != null}
                  aria-pressed={on || cover != null}
                  onClick={() => setSel((s) => toggleDepartment(s, { id: d.id, name: label(d), members: d.members }, byId))}
                  data-testid="picker-current"
                >
                  <Box on={on || cover != null} disabled={cover != null} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[15px] font-medium text-slate-900">{t("wholeDepartment", { name: label(d) })}</span>
                    <span className="block text-xs text-slate-500">{t("members", { count: d.members })}</span>
                  </span>
                </button>
              );
            })()}
          </section>
        ) : null}
        {deptRows.length ? (
          <section className="mt-2 bg-white">
            <h3 className="px-4 pb-1 pt-3 text-xs font-medium text-slate-500">{query ? t("departmentsFound") : t("departments")}</h3>
            <ul className="divide-y divide-slate-100">
              {deptRows.map((d) => {
                const on = pickedDepts.has(d.id);
                const cover = coveredBy(d.parentId, pickedDepts, byId);
                const hasChildren = (tree ?? []).some((c) => c.parentId === d.id);
                return (
                  <li key={d.id} className="flex items-center" data-testid="picker-department" data-department-id={d.id}>
                    <button
                      type="button"
                      className="flex min-h-12 flex-1 items-center gap-3 px-4 py-2 text-left disabled:opacity-60"
                      disabled={cover != null}
                      aria-pressed={on || cover != null}
                      onClick={() => setSel((s) => toggleDepartment(s, { id: d.id, name: label(d), members: d.members }, byId))}
                    >
                      <Box on={on || cover != null} disabled={cover != null} />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-[15px] text-slate-900">{label(d)}</span>
                        <span className="block text-xs text-slate-500">{query && d.parentId && byId.get(d.parentId) ? `${label(byId.get(d.parentId)!)} · ` : ""}{t("members", { count: d.members })}</span>
                      </span>
                    </button>
                    {hasChildren || !query ? (
                      <button
                        type="button"
                        onClick={() => {
                          setQ("");
                          setAt(d.id);
                        }}
                        className="flex h-12 items-center gap-0.5 border-l border-slate-100 px-4 text-[13px] text-brand-600"
                        data-testid="picker-open-department"
                      >
                        {t("drill")} <ChevronRight className="size-4" aria-hidden />
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {people === null ? (
          <p className="p-6 text-center text-sm text-slate-400">{t("loading")}</p>
        ) : people.length ? (
          <section className="mt-2 bg-white">
            <h3 className="px-4 pb-1 pt-3 text-xs font-medium text-slate-500">{query ? t("peopleFound", { count: people.length }) : t("people")}</h3>
            <ul className="divide-y divide-slate-100">
              {people.map((p) => {
                const cover = coveredBy(p.department?.id ?? null, pickedDepts, byId);
                const on = pickedPeople.has(p.id) || cover != null;
                return (
                  <li key={p.id} data-testid="picker-person" data-employee-no={p.employeeNo}>
                    <button type="button" className="flex min-h-12 w-full items-center gap-3 px-4 py-2 text-left disabled:opacity-60" disabled={cover != null} aria-pressed={on} onClick={() => setSel((s) => togglePerson(s, toPicked(p)))}>
                      <Box on={on} disabled={cover != null} />
                      <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-50 text-[13px] font-medium text-brand-700" aria-hidden>{p.name.slice(-2)}</span>
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-[15px] text-slate-900">{p.name} <span className="text-xs tabular-nums text-slate-400">{p.employeeNo}</span></span>
                        <span className="block truncate text-xs text-slate-500">{p.department?.name ?? "—"}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {people.length >= 50 ? <p className="px-4 py-2 text-xs text-slate-400">{t("refine")}</p> : null}
          </section>
        ) : query && !deptRows.length ? (
          <p className="p-6 text-center text-sm text-slate-500" data-testid="picker-empty">{t("noMatch", { q: query })}</p>
        ) : null}
      </div>

      <div className="flex items-center gap-3 border-t border-slate-200 bg-white px-4 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]" data-testid="picker-bar">
        <p className="min-w-0 flex-1 text-[13px] leading-5 text-slate-600" data-testid="picker-count" data-count={total}>
          {sel.departments.length && sel.people.length
            ? t("selected", { departments: sel.departments.length, people: sel.people.length, total })
            : sel.departments.length
              ? t("selectedDepartments", { departments: sel.departments.length, total })
              : sel.people.length
                ? t("selectedPeople", { people: sel.people.length })
                : t("none")}
        </p>
        <Button onClick={() => onDone(sel)} data-testid="picker-done">{t("done")}</Button>
      </div>
    </div>
  );
}
