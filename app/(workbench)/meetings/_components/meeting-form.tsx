"use client";
// The organiser's meeting form: times are wall-clock in the organisation's time zone, converted to instants here.
import { useState } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useTimeZone, useTranslations } from "@/i18n/client";
import { Building2, LocateFixed, UserPlus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { addDays, zonedTimeToUtc, businessDate } from "@/lib/time-core";
import { approxInvitees, emptySelection, type InviteSelection } from "./invite-selection";

// The picker sheet is its own chunk, fetched when the organiser opens it.
const PeoplePicker = dynamic(() => import("./people-picker").then((m) => m.PeoplePicker), { ssr: false });

const field = "h-11 w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] text-slate-900 outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20";
const label = "mb-1 block text-[13px] font-medium text-slate-600";

function hhmm(d: Date, tz: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

export function MeetingForm() {
  const t = useTranslations("meetings.form");
  const tco = useTranslations("meetings.checkout");
  const [checkout, setCheckout] = useState(false);
  const ts = useTranslations("meetings.series");
  const [repeat, setRepeat] = useState<"none" | "weekly" | "biweekly" | "monthly">("none");
  const tp = useTranslations("meetings.form.picker");
  const [invite, setInvite] = useState<InviteSelection>(emptySelection);
  const [picking, setPicking] = useState(false);
  const router = useRouter();
  const tz = useTimeZone() ?? "Asia/Shanghai";
  const now = new Date();
  const startDefault = new Date(Math.ceil(now.getTime() / 1_800_000) * 1_800_000);
  const [date, setDate] = useState(businessDate(startDefault, tz));
  const [start, setStart] = useState(hhmm(startDefault, tz));
  const [end, setEnd] = useState(hhmm(new Date(startDefault.getTime() + 3_600_000), tz));
  const [coords, setCoords] = useState<{ lat: string; lng: string }>({ lat: "", lng: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // An end at or before the start is the next day (a 23:30–00:30 meeting), as a series' occurrences read it.
  const endsNextDay = end !== "" && start !== "" && end <= start;

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const num = (k: string) => Number(form.get(k));
    const lat = coords.lat ? Number(coords.lat) : null;
    const lng = coords.lng ? Number(coords.lng) : null;
    const body = {
      title: String(form.get("title") ?? ""),
      startsAt: zonedTimeToUtc(date, start, tz).toISOString(),
      endsAt: zonedTimeToUtc(endsNextDay ? addDays(date, 1) : date, end, tz).toISOString(),
      locationName: String(form.get("place") ?? "") || null,
      latitude: lat,
      longitude: lng,
      coordType: "wgs84",
      radiusMeters: lat != null ? num("radius") || 200 : null,
      departmentIds: invite.departments.map((d) => d.id),
      inviteeIds: invite.people.map((p) => p.id),
      inviteOnly: form.get("inviteOnly") === "on",
      countsForAttendance: form.get("countsForAttendance") === "on",
      openBeforeMinutes: num("openBefore"),
      lateAfterMinutes: num("lateAfter"),
      earlyLeaveMinutes: num("earlyLeave"),
      remindBeforeMinutes: num("remindBefore"),
      nudgeAfterMinutes: num("nudgeAfter"),
      checkoutRequired: checkout,
      ...(checkout ? { checkoutOpensBeforeEndMinutes: num("checkoutOpensBefore"), checkoutClosesAfterEndMinutes: num("checkoutClosesAfter") } : {}),
      videoMeetingId: String(form.get("video") ?? "").trim() || null,
    };
    // 周例会: a series makes one meeting per occurrence; the first one opens.
    const series = repeat !== "none" ? { frequency: repeat, count: num("repeatCount") } : null;
    const r = await fetch(series ? "/api/meetings/series" : "/api/meetings", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(series ? { ...body, ...series } : body),
    });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) {
      setBusy(false);
      setError(t("error", { message: j.message ?? r.statusText }));
      return;
    }
    router.push(`/meetings/${series ? j.firstMeetingId : j.id}`);
  }

  function useMyLocation() {
    navigator.geolocation?.getCurrentPosition((p) => setCoords({ lat: p.coords.latitude.toFixed(6), lng: p.coords.longitude.toFixed(6) }), () => undefined, { enableHighAccuracy: true, timeout: 10_000, maximumAge: 0 });
  }

  return (
    <form action={submit} className="space-y-4" data-testid="meeting-form">
      <Card className="space-y-3 p-4">
        <div>
          <label className={label} htmlFor="title">{t("title")}</label>
          <input id="title" name="title" required maxLength={120} placeholder={t("titlePlaceholder")} className={field} />
        </div>
        <div className="grid grid-cols-3 gap-2">
          <div className="col-span-3">
            <label className={label} htmlFor="date">{t("date")}</label>
            <input id="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required className={field} />
          </div>
          <div className="col-span-3 grid grid-cols-2 gap-2">
            <div>
              <label className={label} htmlFor="start">{t("start")}</label>
              <input id="start" type="time" value={start} onChange={(e) => setStart(e.target.value)} required className={field} />
            </div>
            <div>
              <label className={label} htmlFor="end">
                {t("end")}
                {endsNextDay && <span className="ml-1 text-slate-500" data-testid="end-next-day">{t("endNextDay")}</span>}
              </label>
              <input id="end" type="time" value={end} onChange={(e) => setEnd(e.target.value)} required className={field} />
            </div>
          </div>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <div>
            <label className={label} htmlFor="repeat">{ts("repeat")}</label>
            <select id="repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as typeof repeat)} className={field} data-testid="repeat">
              <option value="none">{ts("repeatNone")}</option>
              <option value="weekly">{ts("weekly")}</option>
              <option value="biweekly">{ts("biweekly")}</option>
              <option value="monthly">{ts("monthly")}</option>
            </select>
          </div>
          {repeat !== "none" ? (
            <div>
              <label className={label} htmlFor="repeatCount">{ts("count")}</label>
              <input id="repeatCount" name="repeatCount" type="number" min={2} max={52} defaultValue={repeat === "monthly" ? 6 : 8} className={field} />
            </div>
          ) : null}
        </div>
        {repeat !== "none" ? <p className="text-xs leading-5 text-slate-500">{ts("repeatHint")}</p> : null}
      </Card>
      <Card className="space-y-3 p-4">
        <div>
          <label className={label} htmlFor="place">{t("place")}</label>
          <input id="place" name="place" maxLength={200} placeholder={t("placePlaceholder")} className={field} />
        </div>
        <Button variant="secondary" size="sm" onClick={useMyLocation}><LocateFixed /> {t("useMyLocation")}</Button>
        <div className="grid grid-cols-3 gap-2">
          <div>
            <label className={label} htmlFor="lat">{t("lat")}</label>
            <input id="lat" inputMode="decimal" value={coords.lat} onChange={(e) => setCoords({ ...coords, lat: e.target.value })} className={field} />
          </div>
          <div>
            <label className={label} htmlFor="lng">{t("lng")}</label>
            <input id="lng" inputMode="decimal" value={coords.lng} onChange={(e) => setCoords({ ...coords, lng: e.target.value })} className={field} />
          </div>
          <div>
            <label className={label} htmlFor="radius">{t("radius")}</label>
            <input id="radius" name="radius" type="number" min={20} max={5000} defaultValue={200} className={field} />
          </div>
        </div>
      </Card>
      <Card className="space-y-3 p-4">
        <div>
          <div className="mb-1 flex items-center justify-between">
            <span className="text-[13px] font-medium text-slate-600" id="invitees-label">{t("invitees")}</span>
            {invite.departments.length || invite.people.length ? (
              <span className="text-xs text-slate-500" data-testid="invitee-count">{tp("total", { total: approxInvitees(invite) })}</span>
            ) : null}
          </div>
          {invite.departments.length || invite.people.length ? (
            <ul className="mb-2 flex flex-wrap gap-1.5" aria-labelledby="invitees-label" data-testid="invitee-chips">
              {invite.departments.map((d) => (
                <li key={`d${d.id}`} className="flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-2.5 pr-1 text-[13px] text-brand-700" data-testid="invitee-chip" data-department-id={d.id}>
                  <Building2 className="size-3.5" aria-hidden /> {d.name} <span className="tabular-nums text-brand-500">{d.members}</span>
                  <button type="button" className="flex size-6 items-center justify-center rounded-full hover:bg-brand-100" aria-label={tp("remove", { name: d.name })} onClick={() => setInvite((s) => ({ ...s, departments: s.departments.filter((x) => x.id !== d.id) }))}><X className="size-3.5" /></button>
                </li>
              ))}
              {invite.people.map((p) => (
                <li key={`p${p.id}`} className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pl-2.5 pr-1 text-[13px] text-slate-700" data-testid="invitee-chip" data-employee-no={p.employeeNo}>
                  {p.name}
                  <button type="button" className="flex size-6 items-center justify-center rounded-full hover:bg-slate-200" aria-label={tp("remove", { name: p.name })} onClick={() => setInvite((s) => ({ ...s, people: s.people.filter((x) => x.id !== p.id) }))}><X className="size-3.5" /></button>
                </li>
              ))}
            </ul>
          ) : null}
          <Button variant="secondary" block onClick={() => setPicking(true)} data-testid="open-picker"><UserPlus /> {invite.departments.length || invite.people.length ? tp("change") : tp("open")}</Button>
          <p className="mt-1 text-xs text-slate-500">{t("inviteesHint")}</p>
        </div>
        {picking ? (
          <PeoplePicker
            initial={invite}
            onClose={() => setPicking(false)}
            onDone={(s) => {
              setInvite(s);
              setPicking(false);
            }}
          />
        ) : null}
        <label className="flex items-center gap-2 text-[14px] text-slate-700">
          <input type="checkbox" name="inviteOnly" defaultChecked className="size-4 accent-brand-500" /> {t("inviteOnly")}
        </label>
        <label className="flex items-start gap-2 text-[14px] text-slate-700">
          <input type="checkbox" name="countsForAttendance" className="mt-0.5 size-4 accent-brand-500" data-testid="counts-for-attendance" />
          <span>{t("countsForAttendance")}<span className="block text-xs leading-5 text-slate-500">{t("countsForAttendanceHint")}</span></span>
        </label>
      </Card>
      <Card className="space-y-3 p-4">
        <p className="text-[13px] font-semibold text-slate-800">{t("thresholds")}</p>
        <div className="grid grid-cols-2 gap-2">
          {(
            [
              ["openBefore", 15],
              ["lateAfter", 5],
              ["earlyLeave", 10],
              ["remindBefore", 15],
              ["nudgeAfter", 10],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <label className={label} htmlFor={k}>{t(k)}</label>
              <input id={k} name={k} type="number" min={0} max={1440} defaultValue={v} className={field} />
            </div>
          ))}
        </div>
        <label className="flex items-start gap-2 text-[14px] text-slate-700">
          <input type="checkbox" checked={checkout} onChange={(e) => setCheckout(e.target.checked)} className="mt-0.5 size-4 accent-brand-500" data-testid="checkout-required" />
          <span>{tco("required")}<span className="block text-xs leading-5 text-slate-500">{tco("requiredHint")}</span></span>
        </label>
        {checkout ? (
          <div className="grid grid-cols-2 gap-2">
            {(
              [
                ["checkoutOpensBefore", 10, "opensBefore"],
                ["checkoutClosesAfter", 30, "closesAfter"],
              ] as const
            ).map(([k, v, key]) => (
              <div key={k}>
                <label className={label} htmlFor={k}>{tco(key)}</label>
                <input id={k} name={k} type="number" min={0} max={1440} defaultValue={v} className={field} />
              </div>
            ))}
          </div>
        ) : null}
        <div>
          <label className={label} htmlFor="video">{t("video")}</label>
          <input id="video" name="video" maxLength={64} placeholder={t("videoPlaceholder")} className={field} />
        </div>
      </Card>
      {error ? <p role="alert" className="rounded-xl bg-rose-50 px-3 py-2 text-[13px] text-rose-700">{error}</p> : null}
      <Button type="submit" size="lg" block disabled={busy} data-testid="meeting-submit">{busy ? t("saving") : t("submit")}</Button>
    </form>
  );
}
