"use client";
// Edit a meeting (organiser or HR), mobile and PC: wall-clock times in the organisation's time zone, place and
// fence radius, thresholds, invitees. Saving recomputes statuses and says how many records changed.
import { useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTimeZone, useTranslations } from "@/i18n/client";
import { CheckCircle2, TriangleAlert, UserMinus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { businessDate, zonedTimeToUtc } from "@/lib/time-core";
import type { EditableMeetingView, EditMeetingResult } from "./types";

function hhmm(d: Date, tz: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

export function MeetingEditForm({
  meeting,
  save,
  layout,
}: {
  meeting: EditableMeetingView;
  save: (input: unknown) => Promise<EditMeetingResult>;
  layout: "mobile" | "pc";
}) {
  const t = useTranslations("meetingsUi.edit");
  const tz = useTimeZone() ?? "Asia/Shanghai";
  const s0 = useMemo(() => new Date(meeting.startsAt), [meeting.startsAt]);
  const e0 = useMemo(() => new Date(meeting.endsAt), [meeting.endsAt]);
  const [title, setTitle] = useState(meeting.title);
  const [date, setDate] = useState(businessDate(s0, tz));
  const [start, setStart] = useState(hhmm(s0, tz));
  const [endDate, setEndDate] = useState(businessDate(e0, tz));
  const [end, setEnd] = useState(hhmm(e0, tz));
  const [place, setPlace] = useState(meeting.locationName ?? "");
  const [lat, setLat] = useState(meeting.latitude != null ? String(meeting.latitude) : "");
  const [lng, setLng] = useState(meeting.longitude != null ? String(meeting.longitude) : "");
  const [radius, setRadius] = useState(meeting.radiusMeters != null ? String(meeting.radiusMeters) : "200");
  const [openBefore, setOpenBefore] = useState(String(meeting.openBeforeMinutes));
  const [lateAfter, setLateAfter] = useState(String(meeting.lateAfterMinutes));
  const [earlyLeave, setEarlyLeave] = useState(String(meeting.earlyLeaveMinutes));
  const [counts, setCounts] = useState(meeting.countsForAttendance);
  const tco = useTranslations("meetings.checkout");
  const [checkout, setCheckout] = useState(meeting.checkoutRequired);
  const [coBefore, setCoBefore] = useState(String(meeting.checkoutOpensBeforeEndMinutes));
  const [coAfter, setCoAfter] = useState(String(meeting.checkoutClosesAfterEndMinutes));
  const tse = useTranslations("meetings.series");
  const [scope, setScope] = useState<"one" | "series">("one");
  const [addNos, setAddNos] = useState("");
  const [remove, setRemove] = useState<Set<number>>(new Set());
  const [result, setResult] = useState<EditMeetingResult | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const top = useRef<HTMLFormElement>(null);

  const field =
    "h-11 w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] text-slate-900 outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20";
  const label = "mb-1 block text-[13px] font-medium text-slate-600";

  function buildPatch(): Record<string, unknown> | string {
    const patch: Record<string, unknown> = {};
    if (title.trim() !== meeting.title) patch.title = title.trim();
    let startsAt: Date, endsAt: Date;
    try {
      startsAt = zonedTimeToUtc(date, start, tz);
      endsAt = zonedTimeToUtc(endDate, end, tz);
    } catch {
      return t("errors.time");
    }
    if (!(endsAt > startsAt)) return t("errors.endBeforeStart");
    if (startsAt.getTime() !== s0.getTime()) patch.startsAt = startsAt.toISOString();
    if (endsAt.getTime() !== e0.getTime()) patch.endsAt = endsAt.toISOString();
    const placeOrNull = place.trim() || null;
    if (placeOrNull !== meeting.locationName) patch.locationName = placeOrNull;
    const la = lat.trim() === "" ? null : Number(lat);
    const lo = lng.trim() === "" ? null : Number(lng);
    if ((la == null) !== (lo == null) || (la != null && (!Number.isFinite(la) || !Number.isFinite(lo!)))) return t("errors.coords");
    if (la !== meeting.latitude || lo !== meeting.longitude) {
      patch.latitude = la;
      patch.longitude = lo;
    }
    const r = la == null ? null : Number(radius);
    if (r != null && (!Number.isInteger(r) || r < 20 || r > 5000)) return t("errors.radius");
    if (r !== meeting.radiusMeters) patch.radiusMeters = r;
    for (const [k, v, orig] of [
      ["openBeforeMinutes", openBefore, meeting.openBeforeMinutes],
      ["lateAfterMinutes", lateAfter, meeting.lateAfterMinutes],
      ["earlyLeaveMinutes", earlyLeave, meeting.earlyLeaveMinutes],
      ["checkoutOpensBeforeEndMinutes", coBefore, meeting.checkoutOpensBeforeEndMinutes],
      ["checkoutClosesAfterEndMinutes", coAfter, meeting.checkoutClosesAfterEndMinutes],
    ] as const) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 1440) return t("errors.minutes");
      if (n !== orig) patch[k] = n;
    }
    if (counts !== meeting.countsForAttendance) patch.countsForAttendance = counts;
    if (checkout !== meeting.checkoutRequired) patch.checkoutRequired = checkout;
    return patch;
  }

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const patch = buildPatch();
    if (typeof patch === "string") {
      setResult({ ok: false, message: patch });
      return;
    }
    const addEmployeeNos = addNos.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);
    startTransition(async () => {
      try {
        const r = await save({ id: meeting.id, patch, addEmployeeNos, removeEmployeeIds: [...remove], scope });
        setResult(r);
        if (r.ok) {
          setAddNos("");
          setRemove(new Set());
          router.refresh(); // the saved values become the new baseline (invitees, counts)
        }
        top.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      } catch {
        setResult({ ok: false, message: t("errors.server") });
      }
    });
  }

  const grid = layout === "pc" ? "grid grid-cols-2 gap-4" : "space-y-3";
  return (
    <form ref={top} onSubmit={submit} className="scroll-mt-16 space-y-4" data-testid="meeting-edit-form">
      {result ? (
        result.ok ? (
          <div role="status" data-testid="edit-result" data-changed={result.changed} className="flex items-start gap-3 rounded-2xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-emerald-800">
            <CheckCircle2 className="mt-0.5 size-5 shrink-0" aria-hidden />
            <div className="text-[14px] leading-6">
              <p className="font-medium">{t("saved")}</p>
              <p>{result.seriesUpdated !== undefined ? tse("seriesUpdated", { n: result.seriesUpdated }) : t("changed", { n: result.changed })}{result.added || result.removed ? ` ${t("inviteeChanges", { added: result.added, removed: result.removed })}` : ""}</p>
            </div>
          </div>
        ) : (
          <div role="alert" data-testid="edit-error" className="flex items-start gap-3 rounded-2xl border border-rose-200 bg-rose-50 px-4 py-3 text-[14px] leading-6 text-rose-800">
            <TriangleAlert className="mt-0.5 size-5 shrink-0" aria-hidden />
            <p>{t("failed", { message: result.message })}</p>
          </div>
        )
      ) : null}

      {meeting.series ? (
        <Card className="space-y-2 p-4" data-testid="edit-scope">
          <h2 className="text-[15px] font-semibold text-slate-900">{tse("scope")}</h2>
          <p className="text-[13px] text-slate-500">{tse("badge", { frequency: tse(meeting.series.frequency as "weekly"), index: meeting.series.index ?? "—", count: meeting.series.count })}</p>
          <div className={layout === "pc" ? "flex gap-6" : "space-y-2"}>
            {(["one", "series"] as const).map((v) => (
              <label key={v} className="flex items-center gap-2 text-[14px] text-slate-700">
                <input type="radio" name="edit-scope" value={v} checked={scope === v} onChange={() => setScope(v)} className="size-4 accent-brand-500" data-testid={`edit-scope-${v}`} />
                {v === "one" ? tse("scopeOne") : tse("scopeSeries")}
              </label>
            ))}
          </div>
          {scope === "series" ? <p className="text-xs leading-5 text-slate-500">{tse("scopeHint")}</p> : null}
        </Card>
      ) : null}

      {meeting.ended ? <p className="rounded-xl bg-amber-50 px-3 py-2 text-[13px] leading-5 text-amber-800">{t("endedHint")}</p> : null}

      <Card className="space-y-3 p-4">
        <h2 className="text-[15px] font-semibold text-slate-900">{t("sections.basics")}</h2>
        <div>
          <label className={label} htmlFor="edit-title">{t("title")}</label>
          <input id="edit-title" className={field} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
        </div>
        <div className={layout === "pc" ? "grid grid-cols-4 gap-3" : "grid grid-cols-2 gap-3"}>
          <div>
            <label className={label} htmlFor="edit-date">{t("startDate")}</label>
            <input id="edit-date" type="date" className={field} value={date} onChange={(e) => { setDate(e.target.value); if (endDate < e.target.value) setEndDate(e.target.value); }} required />
          </div>
          <div>
            <label className={label} htmlFor="edit-start">{t("startTime")}</label>
            <input id="edit-start" type="time" className={field} value={start} onChange={(e) => setStart(e.target.value)} required />
          </div>
          <div>
            <label className={label} htmlFor="edit-end-date">{t("endDate")}</label>
            <input id="edit-end-date" type="date" className={field} value={endDate} onChange={(e) => setEndDate(e.target.value)} required />
          </div>
          <div>
            <label className={label} htmlFor="edit-end">{t("endTime")}</label>
            <input id="edit-end" type="time" className={field} value={end} onChange={(e) => setEnd(e.target.value)} required />
          </div>
        </div>
        <p className="text-xs text-slate-500">{t("tzHint", { tz })}</p>
      </Card>

      <div className={grid}>
        <Card className="space-y-3 p-4">
          <h2 className="text-[15px] font-semibold text-slate-900">{t("sections.place")}</h2>
          <div>
            <label className={label} htmlFor="edit-place">{t("place")}</label>
            <input id="edit-place" className={field} value={place} onChange={(e) => setPlace(e.target.value)} maxLength={200} placeholder={t("placePlaceholder")} />
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div>
              <label className={label} htmlFor="edit-lat">{t("latitude")}</label>
              <input id="edit-lat" inputMode="decimal" className={field} value={lat} onChange={(e) => setLat(e.target.value)} placeholder="31.2304" />
            </div>
            <div>
              <label className={label} htmlFor="edit-lng">{t("longitude")}</label>
              <input id="edit-lng" inputMode="decimal" className={field} value={lng} onChange={(e) => setLng(e.target.value)} placeholder="121.4737" />
            </div>
          </div>
          <div>
            <label className={label} htmlFor="edit-radius">{t("radius")}</label>
            <input id="edit-radius" type="number" min={20} max={5000} step={10} className={field} value={radius} onChange={(e) => setRadius(e.target.value)} disabled={lat.trim() === ""} />
            <p className="mt-1 text-xs text-slate-500">{t("radiusHint")}</p>
          </div>
        </Card>

        <Card className="space-y-3 p-4">
          <h2 className="text-[15px] font-semibold text-slate-900">{t("sections.thresholds")}</h2>
          {([
            ["edit-open", "openBefore", openBefore, setOpenBefore],
            ["edit-late", "lateAfter", lateAfter, setLateAfter],
            ["edit-early", "earlyLeave", earlyLeave, setEarlyLeave],
          ] as const).map(([id, k, v, set]) => (
            <div key={id}>
              <label className={label} htmlFor={id}>{t(`thresholds.${k}`)}</label>
              <div className="relative">
                <input id={id} type="number" min={0} max={1440} className={cn(field, "pr-14")} value={v} onChange={(e) => set(e.target.value)} required />
                <span className="pointer-events-none absolute right-3 top-1/2 -translate-y-1/2 text-sm text-slate-400">{t("minutes")}</span>
              </div>
            </div>
          ))}
          <p className="text-xs leading-5 text-slate-500">{t("thresholdHint")}</p>
          <label className="flex items-start gap-2 border-t border-slate-100 pt-3 text-[14px] text-slate-700">
            <input type="checkbox" className="mt-0.5 size-4 accent-brand-500" checked={counts} onChange={(e) => setCounts(e.target.checked)} data-testid="edit-counts-for-attendance" />
            <span>{t("countsForAttendance")}<span className="block text-xs leading-5 text-slate-500">{t("countsForAttendanceHint")}</span></span>
          </label>
          <label className="flex items-start gap-2 border-t border-slate-100 pt-3 text-[14px] text-slate-700">
            <input type="checkbox" className="mt-0.5 size-4 accent-brand-500" checked={checkout} onChange={(e) => setCheckout(e.target.checked)} data-testid="edit-checkout-required" />
            <span>{tco("required")}<span className="block text-xs leading-5 text-slate-500">{tco("requiredHint")}</span></span>
          </label>
          {checkout ? (
            <div className="grid grid-cols-2 gap-3">
              {([
                ["edit-checkout-before", "opensBefore", coBefore, setCoBefore],
                ["edit-checkout-after", "closesAfter", coAfter, setCoAfter],
              ] as const).map(([id, k, v, set]) => (
                <div key={id}>
                  <label className={label} htmlFor={id}>{tco(k)}</label>
                  <input id={id} type="number" min={0} max={1440} className={field} value={v} onChange={(e) => set(e.target.value)} required />
                </div>
              ))}
            </div>
          ) : null}
        </Card>
      </div>

      <Card className="space-y-3 p-4">
        <div className="flex items-baseline justify-between">
          <h2 className="text-[15px] font-semibold text-slate-900">{t("sections.invitees")}</h2>
          <span className="text-[13px] text-slate-500">{t("inviteeCount", { n: meeting.inviteeCount })}</span>
        </div>
        <div>
          <label className={label} htmlFor="edit-add">{t("addInvitees")}</label>
          <textarea id="edit-add" className={cn(field, "h-20 py-2 leading-6")} value={addNos} onChange={(e) => setAddNos(e.target.value)} placeholder={t("addPlaceholder")} />
        </div>
        {meeting.directInvitees.length ? (
          <div>
            <p className={label}>{t("directInvitees")}</p>
            <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200">
              {meeting.directInvitees.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-3 px-3 py-2 text-[14px]">
                  <span className={cn("min-w-0 truncate", remove.has(p.id) && "text-slate-400 line-through")}>
                    {p.name} <span className="tabular-nums text-slate-400">· {p.employeeNo}{p.department ? ` · ${p.department}` : ""}</span>
                  </span>
                  <label className="flex shrink-0 items-center gap-1.5 text-[13px] text-slate-600">
                    <input
                      type="checkbox"
                      checked={remove.has(p.id)}
                      onChange={(e) => {
                        const next = new Set(remove);
                        if (e.target.checked) next.add(p.id);
                        else next.delete(p.id);
                        setRemove(next);
                      }}
                    />
                    <UserMinus className="size-4" aria-hidden />
                    {t("remove")}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-[13px] text-slate-500">{t("noDirectInvitees")}</p>
        )}
      </Card>

      <div className={layout === "pc" ? "flex justify-end" : "pt-1"}>
        <Button type="submit" size="lg" block={layout === "mobile"} disabled={pending} data-testid="edit-save">
          {pending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}
