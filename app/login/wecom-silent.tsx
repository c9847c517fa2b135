"use client";
// WeCom in-app silent sign-in: go straight to the OAuth2 redirect (snsapi_base), no click.
import { useEffect } from "react";
import { useTranslations } from "@/i18n/client";
import { Spinner } from "./dingtalk-silent";

export function WecomSilent({ next }: { next: string }) {
  const t = useTranslations("auth.login");
  useEffect(() => {
    window.location.replace(`/api/auth/wecom/start?flow=oauth&next=${encodeURIComponent(next)}`);
  }, [next]);
  return <Spinner label={t("silentWecom")} hint={t("silentHint")} />;
}
