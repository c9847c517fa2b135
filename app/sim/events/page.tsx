// Simulator: send signed, encrypted callbacks of every vendor to this app (demo and manual testing).
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { dingtalkSimulated, wecomSimulated } from "@/lib/env";
import { simStreamEnabled } from "@/lib/vendors/sim/dingtalk-stream-runtime";
import { sendSimEventAction } from "./actions";
import { SIM_EVENT_KINDS } from "./kinds";

export const dynamic = "force-dynamic";

export default async function SimEventsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (!(wecomSimulated() && dingtalkSimulated())) notFound(); // real credentials: no forging of callbacks
  const t = await getTranslations("simEvents");
  const sp = await searchParams;
  const kind = SIM_EVENT_KINDS.find((k) => k === sp.kind);
  const status = Number(sp.status ?? NaN);
  const stream = simStreamEnabled(); // DingTalk events go over the simulated Stream WebSocket
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8" data-testid="sim-events">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {kind ? (
        <p
          role="status"
          data-testid="sim-result"
          className={`rounded-xl px-4 py-3 text-sm ${status >= 200 && status < 300 ? "bg-emerald-50 text-emerald-700" : "bg-rose-50 text-rose-700"}`}
        >
          {sp.via === "stream"
            ? t("streamResult", { kind: t(`kinds.${kind}.title`), ack: sp.body?.replace(/^Stream ack: /, "") ?? "" })
            : t("result", { kind: t(`kinds.${kind}.title`), status: Number.isFinite(status) ? status : 0 })}
          {sp.body ? <span className="mt-1 block break-all font-mono text-xs opacity-80">{sp.body}</span> : null}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {SIM_EVENT_KINDS.map((k) => (
          <Card key={k}>
            <CardHeader>
              <div>
                <CardTitle>{t(`kinds.${k}.title`)}</CardTitle>
                <CardDescription>{k === "dingtalk_user_add" && stream ? t("streamHint") : t(`kinds.${k}.hint`)}</CardDescription>
              </div>
            </CardHeader>
            <CardContent>
              <form action={sendSimEventAction} className="flex items-center gap-2">
                <input type="hidden" name="kind" value={k} />
                <Input name="user" defaultValue="zhangsan" aria-label={t("user")} className="h-9 w-36" />
                <Button type="submit" size="sm" data-testid={`send-${k}`}>
                  <Send aria-hidden />
                  {t("send")}
                </Button>
              </form>
            </CardContent>
          </Card>
        ))}
      </div>
      <p className="text-sm text-slate-500">
        {t("seeInbox")}{" "}
        <Link href="/console/integrations" className="text-brand-600 hover:underline">
          {t("inboxLink")}
        </Link>
      </p>
    </main>
  );
}
