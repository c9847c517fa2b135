"use client";
// 转交: hand my place on this step to a colleague, with a note for them. POST /api/approvals/[id]/transfer; on success
// the item leaves my 待办 (back to the list); a refusal (the applicant, someone already asked, decided meanwhile) is
// shown in the server's words.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { ColleagueSearch, type Colleague } from "@/components/approvals/colleague-search";
import { Button, Card, Textarea } from "@/components/ui/light";
import { useTranslations } from "@/i18n/client";

/** Refusals the server names by a reason code, worded here (the server's message is English). */
const REASONS = ["transfer_to_applicant", "transfer_to_on_step", "transfer_to_self", "already_decided", "not_yet", "departed", "agreed", "refused", "returned", "withdrawn"] as const;

export function TransferForm({ itemId, excludeIds }: { itemId: number; excludeIds: number[] }) {
  const t = useTranslations("approvalTransfer");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState<Colleague | null>(null);
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <Button variant="outline" size="lg" block onClick={() => setOpen(true)} data-testid="approval-transfer-open">
        {t("open")}
      </Button>
    );
  }

  async function send() {
    if (!to) return;
    setSending(true);
    setError(null);
    try {
      const r = await fetch(`/api/approvals/${itemId}/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ to_employee_no: to.employeeNo, comment }),
        cache: "no-store",
      });
      const body = (await r.json().catch(() => ({}))) as { message?: string; reason?: string };
      if (r.ok) {
        router.push(`/todos?transferred=${encodeURIComponent(to.name)}`);
        return;
      }
      const known = body.reason && (REASONS as readonly string[]).includes(body.reason) ? (body.reason as (typeof REASONS)[number]) : null;
      setError(known ? t(`reason.${known}`) : r.status < 500 && body.message ? t("refused", { message: body.message }) : t("failed"));
      if (r.status === 409) router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setSending(false);
    }
  }

  return (
    <Card className="space-y-3 p-4" data-testid="approval-transfer">
      <p className="text-[14px] font-medium text-slate-900">{t("title")}</p>
      <p className="text-[13px] leading-5 text-slate-500">{t("hint")}</p>
      <ColleagueSearch excludeIds={excludeIds} picked={to} onPick={setTo} testId="transfer-to" />
      <Textarea value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} placeholder={t("commentPlaceholder")} disabled={sending} data-testid="transfer-comment" />
      {error ? <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="transfer-error">{error}</p> : null}
      <div className="grid grid-cols-2 gap-2">
        <Button variant="outline" size="lg" disabled={sending} onClick={() => setOpen(false)}>
          {t("cancel")}
        </Button>
        <Button size="lg" disabled={sending || !to} onClick={send} data-testid="transfer-send">
          {sending ? t("sending") : t("send")}
        </Button>
      </div>
    </Card>
  );
}
