// Simulated login.work.weixin.qq.com/wwlogin/sso/login (wecom.md §2.2): the PC QR login, "scanned" by picking a person.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { wecomConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { trustedRedirect } from "@/lib/vendors/sim/grant";
import { flatParams, PersonPicker, SimError, SimShell } from "../../../../_components/person-picker";

export const dynamic = "force-dynamic";

export default async function WecomSsoLogin({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!simulatorActive("wecom")) notFound();
  const t = await getTranslations("sim");
  const params = flatParams(await searchParams);
  const cfg = wecomConfig();
  const problem =
    params.login_type !== "CorpApp"
      ? t("errors.loginType")
      : params.appid !== cfg.corpId
        ? t("errors.appid")
        : params.agentid !== cfg.agentId
          ? t("errors.agentid")
          : !trustedRedirect(params.redirect_uri)
            ? t("errors.redirect")
            : null;
  if (problem) {
    return (
      <SimShell brand="wecom" title={t("wecom.ssoTitle")}>
        <SimError title={t("errors.title")} detail={problem} />
      </SimShell>
    );
  }
  const grantHref = (userid: string) =>
    `/api/sim/wecom/oauth-grant?${new URLSearchParams({ flow: "sso", userid, redirect_uri: params.redirect_uri, ...(params.state !== undefined ? { state: params.state } : {}) })}`;
  return (
    <SimShell brand="wecom" title={t("wecom.ssoTitle")} subtitle={t("wecom.ssoSubtitle")}>
      <PersonPicker vendor="wecom" params={params} q={params.q ?? ""} hrefFor={grantHref} />
    </SimShell>
  );
}
