// Simulated login.dingtalk.com/oauth2/auth (dingtalk.md §3): pick a person; the redirect carries authCode and state.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { dingtalkConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { trustedRedirect } from "@/lib/vendors/sim/grant";
import { flatParams, PersonPicker, SimError, SimShell } from "../../../../_components/person-picker";

export const dynamic = "force-dynamic";

export default async function DingtalkOauth({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!simulatorActive("dingtalk")) notFound();
  const t = await getTranslations("sim");
  const params = flatParams(await searchParams);
  const cfg = dingtalkConfig();
  const scopes = (params.scope ?? "").split(/[\s+]+/).filter(Boolean);
  const problem =
    params.client_id !== cfg.clientId
      ? t("errors.clientId")
      : params.response_type !== "code"
        ? t("errors.responseType")
        : !scopes.includes("openid")
          ? t("errors.scope")
          : !trustedRedirect(params.redirect_uri)
            ? t("errors.redirect")
            : null;
  if (problem) {
    return (
      <SimShell brand="dingtalk" title={t("dingtalk.oauthTitle")}>
        <SimError title={t("errors.title")} detail={problem} />
      </SimShell>
    );
  }
  const grantHref = (userid: string) =>
    `/api/sim/dingtalk/oauth-grant?${new URLSearchParams({ flow: "pc", userid, redirect_uri: params.redirect_uri, ...(params.state !== undefined ? { state: params.state } : {}) })}`;
  return (
    <SimShell brand="dingtalk" title={t("dingtalk.oauthTitle")} subtitle={t("dingtalk.oauthSubtitle")}>
      <PersonPicker vendor="dingtalk" params={params} q={params.q ?? ""} hrefFor={grantHref} />
    </SimShell>
  );
}
