// Simulator: the WeCom app-message cards one member received (template cards, e.g. an approval with 同意/拒绝),
// drawn roughly as the WeCom client draws them. A callback button posts the click back through WeCom's callback;
// a link button opens the link; a card already updated shows what replaced its buttons.
import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { simCards, simPunchCorrections } from "@/lib/vendors/sim/wecom-cards";
import { notFound } from "next/navigation";
import { clickCardAction } from "./actions";

export const dynamic = "force-dynamic";

const box = "rounded-2xl border border-slate-200/70 bg-white p-4 shadow-[0_1px_2px_rgba(15,23,42,0.04)]";

export default async function SimWecomCards({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (!simulatorActive("wecom")) notFound();
  const t = await getTranslations("simCards");
  const sp = await searchParams;
  const to = (sp.to ?? "").slice(0, 64);
  const cards = to ? simCards(to) : [];
  const time = (iso: string) => new Date(iso).toLocaleString("zh-CN", { hour12: false, timeZone: env().ORG_TIMEZONE });
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-6" data-testid="sim-wecom-cards">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      <form className="flex gap-2" method="get">
        <input name="to" defaultValue={to} aria-label={t("member")} placeholder={t("member")} className="h-10 flex-1 rounded-xl border border-slate-200 px-3 text-sm" />
        <button className="h-10 rounded-xl bg-slate-900 px-4 text-sm text-white">{t("show")}</button>
      </form>
      {sp.status ? <p className="rounded-xl bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="sim-card-click-result">{t("clicked", { status: sp.status })}</p> : null}
      {sp.error ? <p role="alert" className="rounded-xl bg-rose-50 px-3 py-2 text-sm text-rose-700">{t("clickFailed", { reason: (sp.reason ?? sp.error).slice(0, 200) })}</p> : null}
      {to && cards.length === 0 ? <p className="text-sm text-slate-400">{t("empty")}</p> : null}
      <ul className="space-y-3">
        {cards.map((c) => {
          const fields = (c.body.horizontal_content_list as { keyname?: string; value?: string }[] | undefined) ?? [];
          return (
            <li key={c.taskId} className={box} data-testid="sim-card" data-task-id={c.taskId} data-state={c.state ?? "open"}>
              <p className="text-xs text-slate-400">{String((c.body.source as { desc?: string } | undefined)?.desc ?? "")} · {t("sentAt", { time: time(c.sentAt) })}</p>
              <p className="mt-1 font-medium text-slate-900" data-testid="sim-card-title">{c.title}</p>
              <p className="text-sm text-slate-500">{c.desc}</p>
              <dl className="mt-2 grid grid-cols-[5em_1fr] gap-x-2 gap-y-1 text-sm">
                {fields.map((f, i) => (
                  <div key={i} className="contents">
                    <dt className="text-slate-400">{f.keyname}</dt>
                    <dd className="text-slate-700">{f.value}</dd>
                  </div>
                ))}
              </dl>
              {c.state ? (
                <p className="mt-3 rounded-xl bg-slate-100 py-2 text-center text-sm text-slate-500" data-testid="sim-card-state">{c.state}</p>
              ) : (
                <div className="mt-3 flex gap-2">
                  {c.buttons.map((b) =>
                    b.type === 1 ? (
                      <a key={b.text} href={b.url} className="flex-1 rounded-xl border border-slate-200 py-2 text-center text-sm text-slate-700" data-testid="sim-card-link">{b.text}</a>
                    ) : (
                      <form key={b.text} action={clickCardAction} className="flex-1">
                        <input type="hidden" name="taskId" value={c.taskId} />
                        <input type="hidden" name="userid" value={to} />
                        <input type="hidden" name="key" value={b.key} />
                        <button className="w-full rounded-xl bg-brand-500 py-2 text-sm font-medium text-white" data-testid="sim-card-button">{b.text}</button>
                      </form>
                    ),
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <section className={box}>
        <h2 className="text-sm font-semibold">{t("corrections")}</h2>
        {simPunchCorrections().length === 0 ? <p className="mt-1 text-sm text-slate-400">{t("noCorrections")}</p> : (
          <ul className="mt-1 text-sm text-slate-600">
            {simPunchCorrections().map((p, i) => <li key={i}>{p.userid} · {time(new Date(p.checkin_time * 1000).toISOString())}</li>)}
          </ul>
        )}
      </section>
    </main>
  );
}
