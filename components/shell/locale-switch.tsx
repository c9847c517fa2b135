"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "@/i18n/client";
import { Check } from "lucide-react";
import { clsx } from "clsx";
import { useToast } from "@/components/ui/toast";

const LOCALES = ["zh-CN", "en"] as const;

/** Language switch: POST /api/locale sets the `locale` cookie, then the server components render again. */
export function LocaleSwitch() {
  const t = useTranslations("locale");
  const current = useLocale();
  const router = useRouter();
  const toast = useToast();
  const [pending, startTransition] = useTransition();

  async function choose(locale: (typeof LOCALES)[number]) {
    if (locale === current || pending) return;
    const res = await fetch("/api/locale", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ locale }),
    }).catch(() => null);
    if (!res?.ok) {
      toast(t("failed"), "error");
      return;
    }
    startTransition(() => router.refresh());
  }

  return (
    <div role="radiogroup" aria-label={t("label")} className="divide-y divide-slate-100">
      {LOCALES.map((l) => {
        const active = l === current;
        return (
          <button
            key={l}
            type="button"
            role="radio"
            aria-checked={active}
            lang={l}
            disabled={pending}
            onClick={() => choose(l)}
            className={clsx(
              "flex h-12 w-full items-center justify-between px-4 text-left text-[15px] transition-colors active:bg-slate-50 disabled:opacity-60",
              active ? "font-medium text-slate-900" : "text-slate-600",
            )}
          >
            {t(l)}
            {active ? <Check className="size-5 text-brand-500" aria-hidden /> : null}
          </button>
        );
      })}
    </div>
  );
}
