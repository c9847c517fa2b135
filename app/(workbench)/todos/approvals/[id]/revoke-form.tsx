"use client";
// 撤销 an approved application: a reason (required), then POST /api/approvals/[id]/revoke and the page re-renders
// with the revoked notice. A refusal (the period is locked, someone revoked it meanwhile) is worded here from its
// reason code; other client mistakes show the server's words, a failure of ours a plain retry message.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Textarea } from "@/components/ui/light";
import { useTranslations } from "@/i18n/client";

const REASONS = ["already_revoked", "not_approved", "open", "period_locked"] as const;

export function RevokeForm({ itemId }: { itemId: number }) {
  const t = useTranslations("approvalApply");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <Button variant="outline" size="lg" block onClick={() => setOpen(true)} data-testid="approval-revoke-open">
        {t("revoke")}
      </Button>
    );
  }

  async function send() {
    if (!reason.trim()) {
      setError(t("revokeReasonRequired"));
      return;
    }
    setSending(true);
    setError(null);
    try {
      const r = await fetch(`/api/approvals/${itemId}/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason }), cache: "no-store" });
      const body = (await r.json().catch(() => ({}))) as { message?: string; reason?: string; from?: string; to?: string };
      if (r.ok) {
        setOpen(false);
        router.refresh();
        return;
      }
      const known = body.reason && (REASONS as readonly string[]).includes(body.reason) ? (body.reason as (typeof REASONS)[number]) : null;
      setError(known ? t(`revokeRefused.${known}`, { from: body.from ?? "", to: body.to ?? "" }) : r.status < 500 && body.message ? body.message : t("revokeFailed"));
      if (r.status === 409) router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setSending(false);
    }
  }

  return (
    <Card className="space-y-3 p-4" data-testid="approval-revoke">
      <p className="text-[14px] font-medium text-slate-900">{t("revokeTitle")}</p>
      <p className="text-[13px] leading-5 text-slate-500">{t("revokeHint")}</p>
      <label className="block space-y-1.5">
        <span className="text-[13px] text-slate-600">{t("revokeReason")}</span>
        <Textarea value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t("revokeReasonPlaceholder")} disabled={sending} data-testid="revoke-reason" />
      </label>
      {error ? <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="revoke-error">{error}</p> : null}
      <div className="grid grid-cols-2 gap-2">
        <Button variant="outline" size="lg" disabled={sending} onClick={() => setOpen(false)}>
          {t("revokeCancel")}
        </Button>
        <Button size="lg" disabled={sending} onClick={send} data-testid="revoke-send">
          {sending ? t("revoking") : t("revokeConfirm")}
        </Button>
      </div>
    </Card>
  );
}
