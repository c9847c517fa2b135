// Simulated open.weixin.qq.com/connect/oauth2/authorize (wecom.md §2.1). Inside the simulated client (a `wxwork`
// user agent and a remembered user) snsapi_base is silent; otherwise the demo organisation's people are listed.
import { headers, cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { wecomConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { SIM_USER_COOKIE, trustedRedirect } from "@/lib/vendors/sim/grant";
import { simState } from "@/lib/vendors/sim/state";
import { flatParams, PersonPicker, SimError, SimShell } from "../../../../_components/person-picker";
import { WechatRedirectGate } from "../../../../_components/silent-redirect";
import { silentRedirectScript } from "../../../../_components/silent-redirect-script";

export const dynamic = "force-dynamic";

export default async function WecomAuthorize({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!simulatorActive("wecom")) notFound();
  const t = await getTranslations("sim");
  const params = flatParams(await searchParams);
  const cfg = wecomConfig();
  const scope = params.scope ?? "";
  const problem =
    params.appid !== cfg.corpId
      ? t("errors.appid")
      : params.response_type !== "code"
        ? t("errors.responseType")
        : !["snsapi_base", "snsapi_privateinfo"].includes(scope)
          ? t("errors.scope")
          : !trustedRedirect(params.redirect_uri)
            ? t("errors.redirect")
            : scope === "snsapi_privateinfo" && params.agentid !== cfg.agentId
              ? t("errors.agentid")
              : params.state && !/^[a-zA-Z0-9_-]{0,128}$/.test(params.state)
                ? t("errors.state")
                : null;
  if (problem) {
    return (
      <SimShell brand="wecom" title={t("wecom.authorizeTitle")}>
        <SimError title={t("errors.title")} detail={problem} />
      </SimShell>
    );
  }
  const grantHref = (userid: string) =>
    `/api/sim/wecom/oauth-grant?${new URLSearchParams({ flow: "oauth", userid, redirect_uri: params.redirect_uri, ...(params.state !== undefined ? { state: params.state } : {}) })}`;
  const ua = (await headers()).get("user-agent") ?? "";
  const remembered = (await cookies()).get(SIM_USER_COOKIE.wecom)?.value ?? null;
  const known = remembered && simState().directory.wecom.users.get(remembered)?.status === 1 ? remembered : null;
  const silent = /wxwork/i.test(ua) && scope === "snsapi_base" && known !== null;

  const subtitle = scope === "snsapi_privateinfo" ? t("wecom.privateinfo") : t("wecom.base");
  if (silent) {
    // Real WeCom answers a silent snsapi_base authorize with its redirect at once; the simulator has to see the
    // fragment first, which only the browser knows. An inline script does it while the page is parsed (issue 12:
    // the sign-in was waiting ~1 s for this page's scripts to hydrate); WechatRedirectGate stays for the
    // missing-fragment error and as the fallback.
    const href = grantHref(known!);
    return (
      <SimShell brand="wecom" title={t("wecom.authorizeTitle")} subtitle={subtitle}>
        <script dangerouslySetInnerHTML={{ __html: silentRedirectScript(href) }} />
        <WechatRedirectGate href={href} silent missingText={t("errors.fragment")}>
          {null}
        </WechatRedirectGate>
      </SimShell>
    );
  }
  return (
    <SimShell brand="wecom" title={t("wecom.authorizeTitle")} subtitle={subtitle}>
      <WechatRedirectGate href="" silent={false} missingText={t("errors.fragment")}>
        <PersonPicker vendor="wecom" params={params} q={params.q ?? ""} hrefFor={grantHref} highlight={known} />
      </WechatRedirectGate>
    </SimShell>
  );
}
