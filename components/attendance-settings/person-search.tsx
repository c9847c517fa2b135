"use client";
// Find a person by name or 工号 for a group's members: GET /api/people/search?q= (the directory's own search, at most
// 50 active people, no phone or e-mail) as one types; a pick adds the person with their name. A 工号 typed in full
// and Enter still adds it directly (the save checks it exists).
import * as React from "react";
import { Input } from "@/components/ui/input";
import { useTranslations } from "@/i18n/client";

interface Found {
  id: number;
  name: string;
  employeeNo: string;
  department: { id: number; name: string } | null;
}

export function PersonSearch({ onPick, testid }: { onPick: (p: { employeeNo: string; name: string }) => void; testid: string }) {
  const t = useTranslations("attendanceSettings");
  const [q, setQ] = React.useState("");
  const [found, setFound] = React.useState<{ q: string; data: Found[] } | { q: string; error: true } | null>(null);

  React.useEffect(() => {
    const query = q.trim();
    if (!query) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/people/search?q=${encodeURIComponent(query)}`, { cache: "no-store", signal: ctl.signal })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((j: { data: Found[] }) => setFound({ q: query, data: j.data.slice(0, 8) }))
        .catch((e: Error) => e.name !== "AbortError" && setFound({ q: query, error: true }));
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  const query = q.trim();
  const current = found && found.q === query ? found : null;
  const pick = (p: { employeeNo: string; name: string }) => {
    onPick(p);
    setQ("");
    setFound(null);
  };
  return (
    <div className="relative">
      <Input
        className="h-9 w-56"
        value={q}
        placeholder={t("groups.searchPerson")}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter" || !query) return;
          e.preventDefault();
          const exact = current && "data" in current ? current.data.find((p) => p.employeeNo === query) : undefined;
          pick(exact ? { employeeNo: exact.employeeNo, name: exact.name } : { employeeNo: query, name: "" });
        }}
        role="combobox"
        aria-expanded={!!query}
        aria-controls={`${testid}-list`}
        data-testid={testid}
      />
      {query ? (
        <ul id={`${testid}-list`} role="listbox" className="absolute z-20 mt-1 max-h-64 w-72 overflow-auto rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg" data-testid={`${testid}-list`}>
          {!current ? (
            <li className="px-3 py-2 text-slate-400">{t("groups.searching")}</li>
          ) : "error" in current ? (
            <li className="px-3 py-2 text-rose-700">{t("groups.searchFailed")}</li>
          ) : current.data.length === 0 ? (
            <li className="px-3 py-2 text-slate-500">{t("groups.searchNone", { q: query })}</li>
          ) : (
            current.data.map((p) => (
              <li key={p.id} role="option" aria-selected={false}>
                <button type="button" className="flex w-full items-baseline justify-between gap-3 px-3 py-2 text-left hover:bg-slate-50" onClick={() => pick({ employeeNo: p.employeeNo, name: p.name })}>
                  <span className="font-medium text-slate-900">{p.name}</span>
                  <span className="text-xs text-slate-500">
                    {p.employeeNo}
                    {p.department ? ` · ${p.department.name}` : ""}
                  </span>
                </button>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
