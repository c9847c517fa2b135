"use client";
// WeCom OAuth inside the client: requires the #wechat_redirect fragment (wecom.md §2.1), then redirects with no click.
import { useEffect, useState } from "react";

export function WechatRedirectGate({ href, silent, missingText, children }: { href: string; silent: boolean; missingText: string; children: React.ReactNode }) {
  const [state, setState] = useState<"checking" | "ok" | "missing">("checking");
  useEffect(() => {
    const ok = window.location.hash === "#wechat_redirect";
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reads the fragment, which only exists in the browser
    setState(ok ? "ok" : "missing");
    // The inline script (silentRedirectScript) has usually navigated already: one grant, one code.
    if (ok && silent && !(window as { __qdSimRedirected?: boolean }).__qdSimRedirected) window.location.replace(href);
  }, [href, silent]);
  if (state === "missing") {
    return (
      <div role="alert" data-testid="sim-missing-fragment" className="rounded-2xl border border-rose-200 bg-rose-50 p-5 text-sm text-rose-800">
        {missingText}
      </div>
    );
  }
  if (silent) return <p className="p-6 text-center text-sm text-slate-500">…</p>;
  return <>{children}</>;
}
