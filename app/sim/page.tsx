// Simulator console: organisation size, fault injection per endpoint, sent messages, call counters, login pages.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { appUrl, env } from "@/lib/env";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { simStats } from "@/lib/vendors/sim/control";
import { FAULT_KINDS, simState } from "@/lib/vendors/sim/state";
import { addFaultAction, clearFaultsAction, clearMessagesAction, expireTokensAction, resetAction } from "./actions";

export const dynamic = "force-dynamic";

const KINDS = FAULT_KINDS;
const card = "rounded-2xl border border-slate-200/70 bg-white p-5 shadow-[0_1px_2px_rgba(15,23,42,0.04)]";
const field = "h-10 rounded-xl border border-slate-200 bg-white px-3 text-sm focus:border-brand-500 focus:outline-none";
const btn = "h-10 rounded-xl px-4 text-sm font-medium";

export default async function SimConsole({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (!simulatorActive("any")) notFound();
  const t = await getTranslations("sim.console");
  const sp = await searchParams;
  const stats = simStats();
  const messages = simState().messages.slice(-20).reverse();
  const base = appUrl();
  const w = wecomConfig();
  const d = dingtalkConfig();
  const cb = `${base}/login`;
  const links = [
    { label: "企业微信 OAuth", href: `${w.oauthAuthorizeUrl}?appid=${w.corpId}&redirect_uri=${encodeURIComponent(cb)}&response_type=code&scope=snsapi_base&state=sim&agentid=${w.agentId}#wechat_redirect` },
    { label: "企业微信扫码登录", href: `${w.ssoLoginUrl}?login_type=CorpApp&appid=${w.corpId}&agentid=${w.agentId}&redirect_uri=${encodeURIComponent(cb)}&state=sim` },
    { label: "钉钉扫码登录", href: `${d.loginBase}/oauth2/auth?client_id=${d.clientId}&redirect_uri=${encodeURIComponent(cb)}&response_type=code&scope=openid&state=sim&prompt=consent` },
    { label: "钉钉客户端身份", href: `/sim/dingtalk/inapp?corpId=${d.corpId}&return=/` },
  ];
  const calls = Object.entries(stats.calls).sort((a, b) => b[1] - a[1]);

  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-8" data-testid="sim-console">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {sp.error ? <p role="alert" className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700">{sp.error}</p> : null}

      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <section className={card}>
          <h2 className="text-[15px] font-semibold">{t("org")}</h2>
          <p className="mt-1 text-sm text-slate-500">{t(`size.${stats.size}`)}</p>
          <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-500">{t("people")}</dt>
            <dd className="text-right tabular-nums">{stats.people.wecom.toLocaleString()}</dd>
            <dt className="text-slate-500">{t("departments")}</dt>
            <dd className="text-right tabular-nums">{stats.departments.wecom.toLocaleString()}</dd>
          </dl>
          <form action={resetAction} className="mt-4 flex gap-2">
            <select name="size" defaultValue={stats.size} className={`${field} flex-1`} aria-label={t("org")}>
              <option value="demo">{t("size.demo")}</option>
              <option value="large">{t("size.large")}</option>
            </select>
            <button className={`${btn} bg-slate-900 text-white`}>{t("apply")}</button>
          </form>
          <form action={expireTokensAction} className="mt-2">
            <button className={`${btn} w-full border border-slate-200 text-slate-700 hover:bg-slate-50`}>{t("expireTokens")}</button>
          </form>
        </section>

        <section className={`${card} md:col-span-2`}>
          <h2 className="text-[15px] font-semibold">{t("faults")}</h2>
          <p className="mt-1 text-sm text-slate-500">{t("faultsHint")}</p>
          <form action={addFaultAction} className="mt-3 grid grid-cols-2 gap-2 md:grid-cols-5" data-testid="fault-form">
            <select name="vendor" className={field} aria-label={t("vendor")}>
              <option value="wecom">企业微信</option>
              <option value="dingtalk">钉钉</option>
            </select>
            <input name="api" required defaultValue="*" className={`${field} md:col-span-2`} aria-label={t("api")} placeholder="/cgi-bin/user/list" />
            <select name="kind" className={field} aria-label={t("kind")}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
            <input name="count" type="number" min={1} className={field} aria-label={t("count")} placeholder={t("count")} />
            <button className={`${btn} bg-brand-500 text-white hover:bg-brand-600 md:col-span-5`}>{t("add")}</button>
          </form>
          {stats.faults.length === 0 ? (
            <p className="mt-3 text-sm text-slate-400">{t("none")}</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="fault-list">
              {stats.faults.map((f, i) => (
                <li key={i} className="flex justify-between py-2">
                  <span>
                    {f.vendor === "wecom" ? "企业微信" : "钉钉"} · <code>{f.api}</code>
                  </span>
                  <span className="text-slate-500">
                    {t(`kinds.${f.kind}`)} × {f.remaining ?? "∞"}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <form action={clearFaultsAction} className="mt-2">
            <button className={`${btn} border border-slate-200 text-slate-700 hover:bg-slate-50`}>{t("clear")}</button>
          </form>
        </section>
      </div>

      <section className={card}>
        <h2 className="text-[15px] font-semibold">{t("links")}</h2>
        <div className="mt-3 flex flex-wrap gap-2">
          {links.map((l) => (
            <a key={l.label} href={l.href} className="rounded-xl bg-brand-50 px-3 py-2 text-sm text-brand-700 hover:bg-brand-100">
              {l.label}
            </a>
          ))}
        </div>
      </section>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <section className={card}>
          <div className="flex items-center justify-between">
            <h2 className="text-[15px] font-semibold">{t("messages")}</h2>
            <Link href="/api/sim/messages" className="text-xs text-brand-600">JSON</Link>
          </div>
          {messages.length === 0 ? (
            <p className="mt-3 text-sm text-slate-400">{t("messagesEmpty")}</p>
          ) : (
            <ul className="mt-3 space-y-2 text-sm" data-testid="sim-messages">
              {messages.map((m) => {
                const card = (m.body.textcard ?? (m.body.msg as Record<string, unknown> | undefined)) as Record<string, unknown> | undefined;
                return (
                  <li key={m.id} className="rounded-xl bg-slate-50 p-3">
                    <p className="text-xs text-slate-500">
                      {m.vendor === "wecom" ? "企业微信" : "钉钉"} · {m.msgtype} · {/* the organisation's zone (ORG_TIMEZONE), like every time the app shows — not the server's UTC */}
                      <time dateTime={new Date(m.at).toISOString()} data-testid="sim-message-time">{new Date(m.at).toLocaleTimeString("zh-CN", { hour12: false, timeZone: env().ORG_TIMEZONE })}</time> · {m.to.slice(0, 3).join("、")}
                      {m.to.length > 3 ? ` 等 ${m.to.length} 人` : ""}
                    </p>
                    <p className="mt-1 text-slate-800">{String(card?.title ?? JSON.stringify(card ?? {}).slice(0, 80))}</p>
                  </li>
                );
              })}
            </ul>
          )}
          <form action={clearMessagesAction} className="mt-2">
            <button className={`${btn} border border-slate-200 text-slate-700 hover:bg-slate-50`}>{t("reset")}</button>
          </form>
        </section>
        <section className={card}>
          <h2 className="text-[15px] font-semibold">{t("calls")}</h2>
          {calls.length === 0 ? (
            <p className="mt-3 text-sm text-slate-400">{t("callsEmpty")}</p>
          ) : (
            <table className="mt-3 w-full text-sm">
              <tbody className="divide-y divide-slate-100">
                {calls.map(([k, n]) => (
                  <tr key={k}>
                    <td className="py-1.5 font-mono text-xs text-slate-700">{k}</td>
                    <td className="py-1.5 text-right tabular-nums">{n}</td>
                    <td className="py-1.5 text-right tabular-nums text-rose-600">{stats.rateLimited[k] ? `${t("rateLimited")} ${stats.rateLimited[k]}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  );
}
