// Simulated open.weixin.qq.com/connect/oauth2/authorize (wecom.md §2.1). Inside the simulated client (a `wxwork`
// user agent and a remembered user) snsapi_base is silent; otherwise the demo organisation's people are listed.
// A silent authorize is normally answered by app/api/sim/wecom/authorize (proxy.ts sends it there: no page render);
// this page still handles it when asked directly (AUTHORIZE_PAGE_MARK) or when the fragment is missing.
import { headers, cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { SIM_USER_COOKIE } from "@/lib/vendors/sim/grant";
import { authorizeProblem, grantHref, isSilentAuthorize, rememberedUser } from "@/lib/vendors/sim/wecom-authorize";
import { flatParams, PersonPicker, SimError, SimShell } from "../../../../_components/person-picker";
import { WechatRedirectGate } from "../../../../_components/silent-redirect";
import { silentRedirectScript } from "../../../../_components/silent-redirect-script";

export const dynamic = "force-dynamic";

export default async function WecomAuthorize({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!simulatorActive("wecom")) notFound();
  const t = await getTranslations("sim");
  const params = flatParams(await searchParams);
  const scope = params.scope ?? "";
  const problem = authorizeProblem(params);
  if (problem) {
    return (
      <SimShell brand="wecom" title={t("wecom.authorizeTitle")}>
        <SimError title={t("errors.title")} detail={t(`errors.${problem}`)} />
      </SimShell>
    );
  }
  const ua = (await headers()).get("user-agent") ?? "";
  const known = rememberedUser((await cookies()).get(SIM_USER_COOKIE.wecom)?.value);
  const silent = isSilentAuthorize(ua, scope, known);

  const subtitle = scope === "snsapi_privateinfo" ? t("wecom.privateinfo") : t("wecom.base");
  if (silent) {
    // The fragment only exists in the browser: an inline script checks it and redirects while the page is parsed
    // (no wait for hydration); WechatRedirectGate stays for the missing-fragment error and as the fallback.
    const href = grantHref(params, known!);
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
        <PersonPicker vendor="wecom" params={params} q={params.q ?? ""} hrefFor={(userid) => grantHref(params, userid)} highlight={known} />
      </WechatRedirectGate>
    </SimShell>
  );
}
