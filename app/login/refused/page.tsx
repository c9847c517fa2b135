// Why a sign-in was refused, in the viewer's language (Chinese first), with the reference id HR can look up.
import { getTranslations } from "next-intl/server";
import { isRefusalReason } from "@/lib/auth/refusal";

export const dynamic = "force-dynamic";

export default async function RefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const reason = isRefusalReason(sp.reason) ? sp.reason : "unknown";
  const ref = typeof sp.ref === "string" && /^QD-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(sp.ref) ? sp.ref : null;
  const t = await getTranslations("auth.refused");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-5 py-10">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200/70 bg-white p-6 text-center shadow-[0_1px_2px_rgba(15,23,42,0.04)]" data-testid="login-refused" data-reason={reason}>
        <div className="mx-auto flex size-12 items-center justify-center rounded-2xl bg-rose-50 text-xl text-rose-500" aria-hidden>!</div>
        <p className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-400">{t("title")}</p>
        <h1 className="mt-1 text-lg font-semibold text-slate-900" data-testid="refusal-title">{t(`reasons.${reason}.title`)}</h1>
        <p className="mt-2 text-[14px] leading-6 text-slate-600">{t(`reasons.${reason}.body`)}</p>
        {ref ? (
          <div className="mt-5 rounded-xl bg-slate-50 px-4 py-3">
            <p className="text-xs text-slate-500">{t("reference")}</p>
            <p className="mt-0.5 font-mono text-base font-semibold tracking-wider text-slate-900" data-testid="refusal-reference">{ref}</p>
            <p className="mt-1 text-xs text-slate-400">{t("referenceHint")}</p>
          </div>
        ) : null}
        <a href="/login" className="mt-5 inline-flex h-11 items-center justify-center rounded-xl bg-brand-500 px-5 text-[15px] font-medium text-white hover:bg-brand-600">
          {t("again")}
        </a>
      </div>
    </main>
  );
}
