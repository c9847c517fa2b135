"use client";
// 同意 / 拒绝 / 退回 with a comment: POST /api/approvals/[id]/decision, then the page re-renders on the server with
// the decision and its write-back state. A 409 (someone decided first, or the OA did) says so and refreshes.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Textarea } from "@/components/ui/light";
import { useTranslations } from "@/i18n/client";

type Outcome = "agree" | "refuse" | "return";
type State = { kind: "idle" } | { kind: "sending"; outcome: Outcome } | { kind: "error"; message: string; code?: string; stale?: boolean };

/** `allowReturn` false: the source cannot take 退回 (a DingTalk native approval: execute agrees or refuses only). */
export function DecisionForm({ itemId, allowReturn = true }: { itemId: number; allowReturn?: boolean }) {
  const t = useTranslations("approvalDecide");
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });
  const [needComment, setNeedComment] = useState(false);

  async function decide(outcome: Outcome) {
    if (outcome !== "agree" && !comment.trim()) {
      setNeedComment(true);
      return;
    }
    setNeedComment(false);
    setState({ kind: "sending", outcome });
    let r: Response;
    try {
      r = await fetch(`/api/approvals/${itemId}/decision`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ outcome, comment }),
        cache: "no-store",
      });
    } catch {
      setState({ kind: "error", message: t("network") });
      return;
    }
    if (r.ok) {
      router.refresh();
      return;
    }
    const body = (await r.json().catch(() => ({}))) as { error?: string; message?: string; reason?: string };
    if (r.status === 409) {
      const message = body.reason === "decided_elsewhere" ? t("decidedElsewhere") : body.reason === "decide_in_wecom" ? t("decideInWecom") : t("alreadyDecided");
      // The message stays on screen (a refresh would close the form it lives in); 查看最新状态 refreshes the page.
      setState({ kind: "error", code: body.reason ?? "conflict", message, stale: true });
    } else if (r.status === 403) setState({ kind: "error", code: "forbidden", message: t("forbidden") });
    else setState({ kind: "error", message: r.status < 500 && body.message ? body.message : t("failed") });
  }

  const sending = state.kind === "sending";
  return (
    <Card className="space-y-3 p-4" data-testid="approval-decide">
      <label htmlFor="approval-comment" className="block text-[14px] font-medium text-slate-900">
        {t("commentLabel")}
      </label>
      <Textarea
        id="approval-comment"
        value={comment}
        maxLength={1000}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t("commentPlaceholder")}
        aria-invalid={needComment || undefined}
        disabled={sending}
      />
      {needComment ? (
        <p className="text-[13px] text-rose-600" role="alert" data-testid="approval-comment-required">
          {t("commentRequired")}
        </p>
      ) : null}
      {state.kind === "error" ? (
        <div className="space-y-1 rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert">
          <p data-testid="approval-decide-error" data-code={state.code}>{state.message}</p>
          {state.stale ? (
            <button type="button" className="min-h-9 font-medium text-brand-700" onClick={() => router.refresh()} data-testid="approval-refresh">
              {t("seeLatest")}
            </button>
          ) : null}
        </div>
      ) : null}
      <div className={allowReturn ? "grid grid-cols-3 gap-2" : "grid grid-cols-2 gap-2"}>
        {allowReturn ? (
          <Button variant="outline" size="lg" disabled={sending} onClick={() => decide("return")} data-testid="decide-return">
            {sending && state.outcome === "return" ? t("sending") : t("return")}
          </Button>
        ) : null}
        <Button variant="outline" size="lg" disabled={sending} onClick={() => decide("refuse")} data-testid="decide-refuse">
          {sending && state.outcome === "refuse" ? t("sending") : t("refuse")}
        </Button>
        <Button size="lg" disabled={sending} onClick={() => decide("agree")} data-testid="decide-agree">
          {sending && state.outcome === "agree" ? t("sending") : t("agree")}
        </Button>
      </div>
    </Card>
  );
}
