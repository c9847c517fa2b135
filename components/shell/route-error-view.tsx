"use client";

// What the error boundary (app/error.tsx) shows: plain Chinese (or English), a reference id to quote, and a retry.
// Loaded only when a page fails, so its Button/ErrorState (and tailwind-merge) are not on every page (issue 12).
import { useEffect, useState } from "react";
import Link from "next/link";
import { IntlProvider, useTranslations } from "@/i18n/client";
import { RotateCw } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import en from "@/messages/en/common.json";
import zh from "@/messages/zh-CN/common.json";

type Props = { error: Error & { digest?: string }; reset: () => void };

/**
 * Pages provide no client messages by default (components/shell/client-intl), so this view brings its own: the
 * `common` namespace of both languages, in this chunk, which loads only when a page fails. The language is the
 * page's (<html lang>).
 */
export default function RouteErrorView(props: Props) {
  const locale = typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "zh-CN";
  return (
    <IntlProvider locale={locale} timeZone={Intl.DateTimeFormat().resolvedOptions().timeZone} messages={{ common: (locale === "en" ? en : zh).common }}>
      <ErrorView {...props} />
    </IntlProvider>
  );
}

function ErrorView({ error, reset }: Props) {
  const t = useTranslations("common");
  // The digest is what the server logged for this failure; quote it to find the log line.
  // Client-side failures have no digest: make one id per boundary instance, so the user can still quote something.
  const [localRef] = useState(() =>
    // getRandomValues, not randomUUID: the latter is missing on plain-http origins (an intranet deployment).
    Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join(""),
  );
  const reference = error.digest ?? localRef;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="flex min-h-[70dvh] items-center justify-center px-4">
      <ErrorState
        title={t("error")}
        description={t("errorHint")}
        reference={reference}
        referenceLabel={`${t("reference")}${t("colon")}`}
        action={
          <div className="flex gap-2">
            <Button onClick={reset}>
              <RotateCw />
              {t("retry")}
            </Button>
            <Link href="/" className={buttonVariants({ variant: "outline" })}>
              {t("backHome")}
            </Link>
          </div>
        }
      />
    </div>
  );
}
