"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/i18n/client";
import { Button } from "@/components/ui/button";

/** Claim by employee number: the server resolves it and links the vendor identity (never by name). */
export function ClaimForm({ unmatchedId }: { unmatchedId: number }) {
  const t = useTranslations("meetingsConsole");
  const router = useRouter();
  const [msg, setMsg] = useState<string | null>(null);
  async function submit(form: FormData) {
    const no = String(form.get("employeeNo") ?? "").trim();
    const look = await fetch(`/api/meetings/people?no=${encodeURIComponent(no)}`);
    const person = await look.json().catch(() => ({}));
    if (!look.ok) return setMsg(person.message ?? look.statusText);
    const r = await fetch("/api/meetings/unmatched/claim", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ unmatchedId, employeeId: person.id }) });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) return setMsg(j.message ?? r.statusText);
    setMsg(t("claimed", { count: j.rerun }));
    router.refresh();
  }
  return (
    <form action={submit} className="flex items-center gap-2">
      <input name="employeeNo" required placeholder={t("claimTo")} className="h-9 w-32 rounded-lg border border-slate-200 px-2 text-sm" />
      <Button type="submit" size="sm">{t("claim")}</Button>
      {msg ? <span className="text-xs text-slate-500" role="status">{msg}</span> : null}
    </form>
  );
}
