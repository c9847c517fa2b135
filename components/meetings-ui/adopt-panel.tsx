"use client";
// 认领并设置: the organiser (or HR) of a meeting a video platform created adds invitees — from the vendor's list,
// mapped through the identity ledger, or by employee number — and sets the thresholds; the server recomputes.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/i18n/client";
import { UserCheck } from "lucide-react";
import { Button, Card } from "@/components/ui/light";

interface Candidate {
  userid: string;
  vendorName: string;
  employeeId: number | null;
  name: string | null;
  employeeNo: string | null;
  department: string | null;
  invited: boolean;
}
interface AdoptState {
  meeting: { lateAfterMinutes: number; earlyLeaveMinutes: number; invitees: number };
  vendor: { available: boolean; source: string | null; people: Candidate[]; reason?: "not_configured" | "vendor_error" | "no_list" };
}

const VENDORS = ["tencent_meeting", "wecom", "zoom", "agora", "local"] as const;
type Vendor = (typeof VENDORS)[number];
const field = "h-11 w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] text-slate-900 focus:border-brand-500 focus:outline-none";

export function AdoptPanel(props: { meetingId: number; source: string; invitees: number; lateAfterMinutes: number; earlyLeaveMinutes: number }) {
  const t = useTranslations("meetingAdopt");
  const router = useRouter();
  const vendorKey: Vendor = (VENDORS as readonly string[]).includes(props.source) ? (props.source as Vendor) : "local";
  const vendor = t(`vendor.${vendorKey}`);
  const [state, setState] = useState<AdoptState | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [late, setLate] = useState(String(props.lateAfterMinutes));
  const [early, setEarly] = useState(String(props.earlyLeaveMinutes));
  const [nos, setNos] = useState("");

  async function load() {
    setOpen(true);
    setBusy(true);
    setError(null);
    const r = await fetch(`/api/meetings/${props.meetingId}/adopt`);
    const j = await r.json().catch(() => ({}));
    setBusy(false);
    if (!r.ok) return setError(j.message ?? r.statusText);
    setState(j);
    setPicked(new Set((j as AdoptState).vendor.people.filter((p) => p.employeeId !== null && !p.invited).map((p) => p.employeeId!)));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await fetch(`/api/meetings/${props.meetingId}/adopt`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        inviteeIds: [...picked],
        employeeNos: nos.split(/[\s,，、]+/).map((s) => s.trim()).filter(Boolean),
        lateAfterMinutes: Number(late),
        earlyLeaveMinutes: Number(early),
      }),
    });
    const j = await r.json().catch(() => ({}));
    setBusy(false);
    if (!r.ok) return setError(j.message ?? r.statusText);
    setDone(t("done", { added: j.added, invitees: j.invitees }));
    setNos("");
    await load();
    router.refresh();
  }

  const current = state?.meeting ?? { invitees: props.invitees, lateAfterMinutes: props.lateAfterMinutes, earlyLeaveMinutes: props.earlyLeaveMinutes };
  return (
    <Card className="space-y-3 p-4" data-testid="adopt-panel">
      <div className="flex items-start gap-3">
        <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-600"><UserCheck className="size-5" aria-hidden /></span>
        <div className="min-w-0">
          <h3 className="text-[15px] font-semibold text-slate-900">{t("title")}</h3>
          <p className="mt-0.5 text-xs leading-5 text-slate-500">{current.invitees === 0 ? t("hint", { vendor }) : t("hintAdopted", { vendor })}</p>
        </div>
      </div>
      <p className="rounded-xl bg-slate-50 px-3 py-2 text-[13px] text-slate-700" data-testid="adopt-current">
        {t("current", { invitees: current.invitees, late: current.lateAfterMinutes, early: current.earlyLeaveMinutes })}
      </p>
      {done ? <p role="status" className="rounded-xl bg-emerald-50 px-3 py-2 text-[13px] text-emerald-800" data-testid="adopt-done">{done}</p> : null}
      {error ? <p role="alert" className="rounded-xl bg-rose-50 px-3 py-2 text-[13px] text-rose-700" data-testid="adopt-error">{error}</p> : null}
      {!open ? (
        <Button block variant="secondary" onClick={load} data-testid="adopt-open">{t("open")}</Button>
      ) : (
        <form className="space-y-4" onSubmit={submit}>
          {!state ? (
            <p className="text-[13px] text-slate-500">{t("loading", { vendor })}</p>
          ) : !state.vendor.available ? (
            <p className="text-[13px] leading-5 text-amber-700" data-testid="adopt-vendor-unavailable">{t(`vendorUnavailable.${state.vendor.reason ?? "no_list"}`, { vendor })}</p>
          ) : state.vendor.people.length === 0 ? (
            <p className="text-[13px] text-slate-500">{t("vendorEmpty", { vendor })}</p>
          ) : (
            <fieldset>
              <legend className="mb-1.5 flex w-full items-center justify-between text-[13px] font-medium text-slate-700">
                <span>{t("vendorList", { vendor })}</span>
                <span className="font-normal text-slate-500">{t("selected", { count: picked.size })}</span>
              </legend>
              <ul className="max-h-72 divide-y divide-slate-100 overflow-auto rounded-xl border border-slate-100" data-testid="adopt-vendor-list">
                {state.vendor.people.map((p) => {
                  const id = p.employeeId;
                  return (
                    <li key={p.userid} data-userid={p.userid} data-matched={id !== null}>
                      <label className={`flex min-h-11 items-center gap-3 px-3 py-2 ${id === null || p.invited ? "text-slate-400" : "text-slate-800"}`}>
                        <input
                          type="checkbox"
                          className="size-4 accent-brand-500"
                          disabled={id === null || p.invited}
                          checked={p.invited || (id !== null && picked.has(id))}
                          onChange={(e) => {
                            if (id === null) return;
                            const next = new Set(picked);
                            if (e.target.checked) next.add(id);
                            else next.delete(id);
                            setPicked(next);
                          }}
                        />
                        <span className="min-w-0 flex-1">
                          <span className="block truncate text-[14px]">{p.name ?? p.vendorName}{p.employeeNo ? <span className="ml-1.5 text-xs text-slate-400 tabular-nums">{p.employeeNo}</span> : null}</span>
                          <span className="block truncate text-xs text-slate-400">{id === null ? t("unmatched") : (p.department ?? "")}</span>
                        </span>
                        {p.invited ? <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-500">{t("invited")}</span> : null}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          )}
          <div>
            <label className="mb-1.5 block text-[13px] font-medium text-slate-700" htmlFor="adopt-nos">{t("people")}</label>
            <input id="adopt-nos" value={nos} onChange={(e) => setNos(e.target.value)} placeholder="QD00002, QD00003" className={field} data-testid="adopt-nos" />
            <p className="mt-1 text-xs text-slate-500">{t("peopleHint")}</p>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div>
              <label className="mb-1.5 block text-[13px] font-medium text-slate-700" htmlFor="adopt-late">{t("late")}</label>
              <input id="adopt-late" type="number" inputMode="numeric" min={0} max={1440} required value={late} onChange={(e) => setLate(e.target.value)} className={field} data-testid="adopt-late" />
            </div>
            <div>
              <label className="mb-1.5 block text-[13px] font-medium text-slate-700" htmlFor="adopt-early">{t("early")}</label>
              <input id="adopt-early" type="number" inputMode="numeric" min={0} max={1440} required value={early} onChange={(e) => setEarly(e.target.value)} className={field} data-testid="adopt-early" />
            </div>
          </div>
          <Button block type="submit" disabled={busy} data-testid="adopt-submit">{busy ? t("saving") : t("submit")}</Button>
        </form>
      )}
    </Card>
  );
}
