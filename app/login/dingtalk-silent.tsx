"use client";
// DingTalk in-app silent sign-in: get a state, ask the client for an authCode, post both; no click needed.
// Real client: dd.runtime.permission.requestAuthCode({corpId}) from dingtalk-jsapi (no dd.config needed).
// Simulator: the simulated client's equivalent endpoint, which may first send us to its identity picker
// (lib/vendors/jssdk-client hides the difference).
import { useEffect, useState } from "react";
import { useTranslations } from "@/i18n/client";
import { requestDingtalkAuthCode } from "@/lib/vendors/jssdk-client";

export function DingtalkSilent({ next }: { next: string }) {
  const t = useTranslations("auth.login");
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const start = await fetch("/api/auth/dingtalk/start", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ next }),
          credentials: "same-origin",
        });
        const s = (await start.json()) as { state: string; corpId: string; simulated: boolean };
        const code = await requestDingtalkAuthCode(s.corpId, s.simulated);
        if (!code || cancelled) return;
        const done = await fetch("/api/auth/dingtalk/inapp", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code, state: s.state }),
          credentials: "same-origin",
        });
        const r = (await done.json()) as { redirect?: string };
        if (!cancelled) window.location.replace(r.redirect ?? "/login/refused?reason=unknown");
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [next, attempt]);

  if (failed) {
    return (
      <div className="text-center" data-testid="dingtalk-failed">
        <p className="text-sm text-slate-600">{t("dingtalkFailed")}</p>
        {/* Button's primary look as plain classes: this page is the first thing a DingTalk user loads, and the
            Button component would bring tailwind-merge along (issue 12). */}
        <button
          type="button"
          className="mt-4 inline-flex h-11 items-center justify-center rounded-xl bg-brand-500 px-4 text-[15px] font-medium text-white shadow-sm active:bg-brand-700"
          onClick={() => {
            setFailed(false);
            setAttempt((a) => a + 1);
          }}
        >
          {t("retry")}
        </button>
      </div>
    );
  }
  return <Spinner label={t("silentDingtalk")} hint={t("silentHint")} />;
}

export function Spinner({ label, hint }: { label: string; hint: string }) {
  return (
    <div className="flex flex-col items-center text-center" role="status" data-testid="login-silent">
      <span className="size-9 animate-spin rounded-full border-[3px] border-brand-100 border-t-brand-500" aria-hidden />
      <p className="mt-4 text-[15px] font-medium text-slate-800">{label}</p>
      <p className="mt-1 text-[13px] text-slate-500">{hint}</p>
    </div>
  );
}
