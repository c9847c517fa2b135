"use client";
// 删除 with its consequence shown first: DELETE …?preview=1 runs the server's own delete in a rolled-back transaction
// and says what it would do (how many person-days recompute, or why it is refused, e.g. a shift still some group's
// default); only then is "确认删除" offered. After the delete the list is shown again.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTranslations } from "@/i18n/client";

interface DeleteReply {
  archived?: boolean;
  impact: { personDays: number; held: number; from: string };
}

export function DeleteWithImpact({ url, what, testid }: { url: string; what: "shift" | "group"; testid: string }) {
  const t = useTranslations("attendanceSettings");
  const router = useRouter();
  const [state, setState] = React.useState<{ kind: "idle" } | { kind: "busy" } | { kind: "preview"; reply: DeleteReply } | { kind: "refused"; message: string }>({ kind: "idle" });

  async function send(preview: boolean) {
    setState({ kind: "busy" });
    try {
      const res = await fetch(`${url}?preview=${preview ? 1 : 0}`, { method: "DELETE" });
      const j = (await res.json().catch(() => null)) as (DeleteReply & { message?: string }) | null;
      if (!res.ok || !j) return setState({ kind: "refused", message: j?.message ?? t("failed", { message: String(res.status) }) });
      if (preview) return setState({ kind: "preview", reply: j });
      router.replace("?");
      router.refresh();
    } catch (err) {
      setState({ kind: "refused", message: t("failed", { message: String(err) }) });
    }
  }

  return (
    <div className="space-y-2 rounded-xl border border-rose-100 bg-rose-50/40 p-3" data-testid={testid}>
      {state.kind === "preview" ? (
        <p role="status" className="text-sm font-medium text-slate-900" data-testid={`${testid}-preview`}>
          {what === "group" ? t("delete.groupImpact", { count: state.reply.impact.personDays }) : state.reply.archived ? t("delete.shiftArchived") : t("delete.shiftUnused")}
          {state.reply.impact.held > 0 ? <span className="block text-amber-700">{t("impactHeld", { held: state.reply.impact.held })}</span> : null}
        </p>
      ) : state.kind === "refused" ? (
        <p role="alert" className="text-sm text-rose-700" data-testid={`${testid}-refused`}>
          {state.message}
        </p>
      ) : (
        <p className="text-xs text-slate-500">{what === "group" ? t("delete.groupHint") : t("delete.shiftHint")}</p>
      )}
      <div className="flex flex-wrap gap-2">
        {state.kind === "preview" ? (
          <>
            <Button type="button" size="sm" variant="danger" onClick={() => send(false)} data-testid={`${testid}-confirm`}>
              {t("delete.confirm")}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setState({ kind: "idle" })}>
              {t("delete.cancel")}
            </Button>
          </>
        ) : (
          <Button type="button" size="sm" variant="outline" className="text-rose-700" disabled={state.kind === "busy"} onClick={() => send(true)} data-testid={`${testid}-start`}>
            {state.kind === "busy" ? t("previewing") : what === "group" ? t("delete.group") : t("delete.shift")}
          </Button>
        )}
      </div>
    </div>
  );
}
