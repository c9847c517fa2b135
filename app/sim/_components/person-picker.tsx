// "Pick who you are" for the simulated vendor login pages: server-side search over the simulator directory.
import { getTranslations } from "next-intl/server";
import { simState, type SimVendor } from "@/lib/vendors/sim/state";

export interface PickerProps {
  vendor: SimVendor;
  /** every query parameter of the page, kept through the search form */
  params: Record<string, string>;
  q: string;
  /** grant URL for a user id */
  hrefFor: (userid: string) => string;
  highlight?: string | null;
}

// The demo company has ~200 people: list them all (a real directory is searched, never listed).
const PAGE = 500;

export async function PersonPicker({ vendor, params, q, hrefFor, highlight }: PickerProps) {
  const t = await getTranslations("sim");
  const dir = simState().directory[vendor];
  const needle = q.trim().toLowerCase();
  const all = [...dir.users.values()].filter((u) => u.status === 1);
  // Name, userid, 工号 or department name (every department the person is in).
  const inDept = (u: (typeof all)[number]) => u.departments.some((d) => dir.depts.get(d)?.name.includes(q.trim()));
  const matches = needle
    ? all.filter((u) => u.name.includes(q.trim()) || u.userid.toLowerCase().includes(needle) || u.jobNumber.toLowerCase().includes(needle) || inDept(u))
    : all;
  const shown = matches.slice(0, PAGE);
  return (
    <div className="space-y-3">
      <form method="get" className="flex gap-2" role="search">
        {Object.entries(params)
          .filter(([k]) => k !== "q")
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <input
          name="q"
          defaultValue={q}
          placeholder={t("picker.searchPlaceholder")}
          aria-label={t("picker.searchPlaceholder")}
          className="h-11 w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
        />
        <button type="submit" className="h-11 shrink-0 rounded-xl bg-slate-900 px-4 text-sm font-medium text-white">
          {t("picker.search")}
        </button>
      </form>
      <p className="text-xs text-slate-500">{t("picker.count", { shown: shown.length, total: matches.length })}</p>
      {shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">{t("picker.empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-2xl border border-slate-200 bg-white" data-testid="sim-people">
          {shown.map((u) => {
            const dept = dir.depts.get(u.departments[0]);
            return (
              <li key={u.userid}>
                <a
                  href={hrefFor(u.userid)}
                  data-testid="sim-person"
                  data-userid={u.userid}
                  className={`flex items-center gap-3 px-4 py-3 hover:bg-slate-50 ${highlight === u.userid ? "bg-brand-50" : ""}`}
                >
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-500 text-sm font-semibold text-white">
                    {u.name.slice(-2)}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[15px] font-medium text-slate-900">{u.name}</span>
                    <span className="block truncate text-xs text-slate-500">
                      {dept?.name ?? "—"} · {u.title} · {u.jobNumber}
                    </span>
                  </span>
                  <span className="text-xs text-slate-400">{u.userid}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function SimShell({ brand, title, subtitle, children }: { brand: "wecom" | "dingtalk"; title: string; subtitle?: string; children: React.ReactNode }) {
  const color = brand === "wecom" ? "bg-[#2a7cf5]" : "bg-[#1677ff]";
  return (
    <main className="mx-auto min-h-screen max-w-xl bg-slate-50 pb-10">
      <header className={`${color} px-5 pb-6 pt-8 text-white`}>
        <p className="text-xs opacity-80">{brand === "wecom" ? "企业微信 · 模拟器" : "钉钉 · 模拟器"}</p>
        <h1 className="mt-1 text-xl font-semibold">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm opacity-90">{subtitle}</p> : null}
      </header>
      <div className="-mt-3 space-y-4 px-4">{children}</div>
    </main>
  );
}

export function SimError({ title, detail }: { title: string; detail: string }) {
  return (
    <div role="alert" className="rounded-2xl border border-rose-200 bg-rose-50 p-5 text-rose-800">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm">{detail}</p>
    </div>
  );
}

export function flatParams(sp: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") out[k] = v;
  return out;
}
