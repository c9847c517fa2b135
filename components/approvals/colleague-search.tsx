"use client";
// Pick one colleague on a phone: type a name, 工号 or department; GET /api/people/search answers (at most 50 active
// people, no phone or e-mail). Used by 转交 and 外出代理 — a single pick, so no department tree here.
import { useEffect, useState } from "react";
import { useTranslations } from "@/i18n/client";

export interface Colleague {
  id: number;
  name: string;
  employeeNo: string;
  department: { id: number; name: string } | null;
}

export function ColleagueSearch({ excludeIds = [], picked, onPick, testId }: { excludeIds?: number[]; picked: Colleague | null; onPick: (c: Colleague | null) => void; testId: string }) {
  const t = useTranslations("approvalDelegate");
  const [q, setQ] = useState("");
  const [found, setFound] = useState<{ q: string; data: Colleague[] } | null>(null);
  const [error, setError] = useState(false);
  const query = q.trim();

  useEffect(() => {
    if (!query) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/people/search?q=${encodeURIComponent(query)}`, { signal: ctl.signal, cache: "no-store" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r)))
        .then((j: { data: Colleague[] }) => {
          setError(false);
          setFound({ q: query, data: j.data });
        })
        .catch((e: unknown) => {
          if ((e as { name?: string }).name !== "AbortError") setError(true);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [query]);

  if (picked) {
    return (
      <div className="flex min-h-11 items-center justify-between gap-2 rounded-xl border border-brand-200 bg-brand-50 px-3 text-[14px]" data-testid={`${testId}-picked`}>
        <span className="text-slate-900">
          {picked.name} <span className="text-slate-500">· {picked.employeeNo}{picked.department ? ` · ${picked.department.name}` : ""}</span>
        </span>
        <button type="button" className="min-h-11 px-2 text-brand-700" onClick={() => onPick(null)}>
          {t("change")}
        </button>
      </div>
    );
  }
  const results = query && found?.q === query ? found.data.filter((c) => !excludeIds.includes(c.id)) : null;
  return (
    <div className="space-y-2">
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t("searchPlaceholder")}
        className="h-11 w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] outline-none focus:border-brand-500"
        data-testid={`${testId}-search`}
        aria-label={t("searchPlaceholder")}
      />
      {error ? <p className="text-[13px] text-rose-600" role="alert">{t("searchFailed")}</p> : null}
      {query && !results && !error ? <p className="text-[13px] text-slate-500">{t("searching")}</p> : null}
      {results && results.length === 0 ? <p className="text-[13px] text-slate-500">{t("noMatch")}</p> : null}
      {results && results.length > 0 ? (
        <ul className="max-h-60 divide-y divide-slate-100 overflow-y-auto rounded-xl border border-slate-200 bg-white" data-testid={`${testId}-results`}>
          {results.slice(0, 20).map((c) => (
            <li key={c.id}>
              <button type="button" className="flex min-h-11 w-full items-center justify-between gap-2 px-3 text-left text-[14px]" onClick={() => onPick(c)} data-employee-no={c.employeeNo}>
                <span className="text-slate-900">{c.name}</span>
                <span className="truncate text-[13px] text-slate-500">{c.employeeNo}{c.department ? ` · ${c.department.name}` : ""}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
