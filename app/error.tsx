"use client";

// The error boundary for every page: plain Chinese (or English), a reference id to quote, and a retry.
import { useEffect, useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { RotateCw } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";

export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
