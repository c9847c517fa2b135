// Simulated DingTalk client identity: choose who is "signed in to DingTalk" on this device, then go back to the
// page, whose requestAuthCode (/api/sim/dingtalk/inapp/authcode) answers with that person's authCode.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { dingtalkConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { safeReturnPath } from "@/lib/vendors/sim/grant";
import { flatParams, PersonPicker, SimError, SimShell } from "../../_components/person-picker";

export const dynamic = "force-dynamic";

export default async function DingtalkInapp({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!simulatorActive("dingtalk")) notFound();
  const t = await getTranslations("sim");
  const params = flatParams(await searchParams);
  if (params.corpId !== dingtalkConfig().corpId) {
    return (
      <SimShell brand="dingtalk" title={t("dingtalk.inappTitle")}>
        <SimError title={t("errors.title")} detail={t("errors.corpId")} />
      </SimShell>
    );
  }
  const back = safeReturnPath(params.return);
  const grantHref = (userid: string) => `/api/sim/dingtalk/oauth-grant?${new URLSearchParams({ flow: "inapp", userid, return: back })}`;
  return (
    <SimShell brand="dingtalk" title={t("dingtalk.inappTitle")} subtitle={t("dingtalk.inappSubtitle")}>
      <PersonPicker vendor="dingtalk" params={params} q={params.q ?? ""} hrefFor={grantHref} />
    </SimShell>
  );
}
