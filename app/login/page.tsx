// Sign-in entry. Inside WeCom or DingTalk (user agent) the silent flow starts by itself; in a PC browser the
// QR/OAuth logins of the vendors this deployment enables are offered (lib/env vendorMode). Signed in → straight on.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { getViewer } from "@/lib/auth/session";
import { detectContainer } from "@/lib/auth/container";
import { safeNext } from "@/lib/auth/login-flow";
import { vendorEnabled } from "@/lib/env";
import { wecomConfig, dingtalkConfig } from "@/lib/vendors/config";
import { DingtalkSilent } from "./dingtalk-silent";
import { WecomSilent } from "./wecom-silent";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(typeof sp.next === "string" ? sp.next : "/");
  if (await getViewer()) redirect(next);
  const container = detectContainer((await headers()).get("user-agent"));
  const t = await getTranslations("auth.login");
  const simulated = wecomConfig().simulated || dingtalkConfig().simulated;
  const wecom = vendorEnabled("wecom");
  const dingtalk = vendorEnabled("dingtalk");
  const q = `next=${encodeURIComponent(next)}`;

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-white px-5 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <div className="flex size-14 items-center justify-center rounded-2xl bg-brand-500 text-2xl font-semibold text-white shadow-sm">签</div>
          <h1 className="mt-4 text-xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-[13px] text-slate-500">{t("subtitle")}</p>
        </div>

        <div className="rounded-2xl border border-slate-200/70 bg-white p-6 shadow-[0_1px_2px_rgba(15,23,42,0.04)]">
          {container === "wecom" && wecom ? (
            <ClientIntl namespaces={["auth"]}>
              <WecomSilent next={next} />
            </ClientIntl>
          ) : container === "dingtalk" && dingtalk ? (
            <ClientIntl namespaces={["auth"]}>
              <DingtalkSilent next={next} />
            </ClientIntl>
          ) : (
            <div className="flex flex-col gap-3">
              {wecom ? (
                <a
                  href={`/api/auth/wecom/start?flow=qr&${q}`}
                  className="flex items-center gap-3 rounded-xl border border-slate-200 px-4 py-3 transition-colors hover:border-brand-300 hover:bg-brand-50/50"
                  data-testid="login-wecom-qr"
                >
                  <span className="flex size-10 items-center justify-center rounded-xl bg-[#2f7cf6] text-sm font-semibold text-white">企</span>
                  <span className="flex flex-col">
                    <span className="text-[15px] font-medium text-slate-900">{t("wecomQr")}</span>
                    <span className="text-xs text-slate-500">{t("wecomQrHint")}</span>
                  </span>
                </a>
              ) : null}
              {dingtalk ? (
                <a
                  href={`/api/auth/dingtalk/start?${q}`}
                  className="flex items-center gap-3 rounded-xl border border-slate-200 px-4 py-3 transition-colors hover:border-brand-300 hover:bg-brand-50/50"
                  data-testid="login-dingtalk-oauth"
                >
                  <span className="flex size-10 items-center justify-center rounded-xl bg-[#1677ff] text-sm font-semibold text-white">钉</span>
                  <span className="flex flex-col">
                    <span className="text-[15px] font-medium text-slate-900">{t("dingtalkOauth")}</span>
                    <span className="text-xs text-slate-500">{t("dingtalkOauthHint")}</span>
                  </span>
                </a>
              ) : null}
            </div>
          )}
        </div>
        {simulated ? <p className="mt-4 text-center text-xs text-amber-600">{t("simulator")}</p> : null}
        <p className="mt-6 text-center text-xs text-slate-400">{t("footer")}</p>
      </div>
    </main>
  );
}
