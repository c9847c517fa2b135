"use client";
// 设置外出代理: a colleague, the first and last day away, a reason. POST /api/approvals/delegations; an overlap with a
// delegation already set (409) or a bad pick (422) is shown in the server's words. 结束 ends one early.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { ColleagueSearch, type Colleague } from "@/components/approvals/colleague-search";
import { Button, Card } from "@/components/ui/light";
import { FIELD_CLASS } from "@/components/ui/variants";
import { useTranslations } from "@/i18n/client";

export function DelegateForm({ today, selfId }: { today: string; selfId: number }) {
  const t = useTranslations("approvalDelegate");
  const router = useRouter();
  const [to, setTo] = useState<Colleague | null>(null);
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState(today);
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = `${FIELD_CLASS} block h-11 w-full`;

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!to) return setError(t("pickFirst"));
    setSending(true);
    setError(null);
    try {
      const r = await fetch("/api/approvals/delegations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ delegate_employee_no: to.employeeNo, start_date: start, end_date: end, reason }),
        cache: "no-store",
      });
      const body = (await r.json().catch(() => ({}))) as { message?: string; reason?: string; delegateName?: string };
      if (r.ok) {
        setTo(null);
        setReason("");
        router.refresh();
      } else if (body.reason === "overlap") setError(t("overlap", { name: body.delegateName ?? "" }));
      else if (body.reason === "departed" || body.reason === "self") setError(t(`reason.${body.reason}`));
      else setError(r.status < 500 && body.message ? t("refused", { message: body.message }) : t("failed"));
    } catch {
      setError(t("network"));
    } finally {
      setSending(false);
    }
  }

  return (
    <Card className="p-4">
      <form className="space-y-3" onSubmit={send} data-testid="delegate-form">
        <div className="space-y-1">
          <p className="text-[14px] font-medium text-slate-900">{t("delegate")}</p>
          <ColleagueSearch excludeIds={[selfId]} picked={to} onPick={setTo} testId="delegate-to" />
        </div>
        <div className="grid grid-cols-2 gap-2">
          <label className="text-[14px] text-slate-700">
            {t("start")}
            <input type="date" className={`${field} mt-1`} value={start} min={today} onChange={(e) => setStart(e.target.value)} required data-testid="delegate-start" />
          </label>
          <label className="text-[14px] text-slate-700">
            {t("end")}
            <input type="date" className={`${field} mt-1`} value={end} min={start} onChange={(e) => setEnd(e.target.value)} required data-testid="delegate-end" />
          </label>
        </div>
        <label className="block text-[14px] text-slate-700">
          {t("reasonLabel")}
          <input className={`${field} mt-1`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder={t("reasonPlaceholder")} data-testid="delegate-reason" />
        </label>
        {error ? <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="delegate-error">{error}</p> : null}
        <Button type="submit" size="lg" block disabled={sending} data-testid="delegate-save">
          {sending ? t("saving") : t("save")}
        </Button>
      </form>
    </Card>
  );
}

export function EndDelegationButton({ id }: { id: number }) {
  const t = useTranslations("approvalDelegate");
  const router = useRouter();
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  async function end() {
    if (!window.confirm(t("endConfirm"))) return;
    setSending(true);
    setFailed(false);
    try {
      const r = await fetch(`/api/approvals/delegations/${id}/end`, { method: "POST", cache: "no-store" });
      if (!r.ok) setFailed(true);
      router.refresh();
    } catch {
      setFailed(true);
    } finally {
      setSending(false);
    }
  }
  return (
    <button type="button" className="min-h-11 shrink-0 px-2 text-[14px] text-rose-600 disabled:opacity-50" disabled={sending} onClick={end} data-testid="delegate-end-now">
      {failed ? t("endFailed") : sending ? t("ending") : t("endNow")}
    </button>
  );
}
