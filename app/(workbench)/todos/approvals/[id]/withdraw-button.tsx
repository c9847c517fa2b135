"use client";
// 撤回申请: POST /api/approvals/[id]/withdraw, then the page re-renders; a 409 (an approver decided meanwhile) is
// shown as the server words it.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/light";
import { useTranslations } from "@/i18n/client";

export function WithdrawButton({ itemId }: { itemId: number }) {
  const t = useTranslations("approvalApply");
  const router = useRouter();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function withdraw() {
    if (!window.confirm(t("withdrawConfirm"))) return;
    setSending(true);
    setError(null);
    try {
      const r = await fetch(`/api/approvals/${itemId}/withdraw`, { method: "POST", cache: "no-store" });
      const body = (await r.json().catch(() => ({}))) as { message?: string };
      if (!r.ok) setError(r.status < 500 && body.message ? body.message : t("failed"));
      router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="space-y-2">
      {error ? <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="withdraw-error">{error}</p> : null}
      <Button variant="outline" size="lg" block disabled={sending} onClick={withdraw} data-testid="approval-withdraw">
        {sending ? t("withdrawing") : t("withdraw")}
      </Button>
    </div>
  );
}
