"use client";
// The punch button: one tap locates (the container's JS-SDK, loaded on this tap only; or the browser), posts the
// punch and shows where I was and the result at once; a refusal says why (distance to the nearest place, or the
// location problem) and, when the group allows it, offers a field punch (外勤) with a remark and an optional photo.
// A network failure retries with the same client id, so a retry never punches twice.
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { CheckCircle2, Fingerprint, Loader2, MapPin, MapPinOff, WifiOff } from "lucide-react";
import { formatTime } from "@/lib/ui/format";
import { locateDevice, type DeviceFix } from "@/lib/ui/device-location";

type Kind = "in" | "out" | null;

interface PunchBody {
  clientId: string;
  lat?: number;
  lng?: number;
  coord?: "gcj02" | "wgs84";
  accuracy?: number;
  locationError?: "denied" | "unavailable" | "timeout" | "unsupported";
  field?: FieldPunch;
}

interface OkAnswer {
  replay: boolean;
  punch: { at: string; via: "place" | "wifi" | "field"; placeName: string | null; distanceMeters: number | null };
  day: { statuses: string[]; explanation: string } | null;
}

type State =
  | { kind: "idle" }
  | { kind: "locating" }
  | { kind: "posting" }
  | { kind: "ok"; answer: OkAnswer; nearest?: { name: string; distance: number } }
  | { kind: "refused"; code: string; message: string; reason?: string; placeName?: string; distanceMeters?: number; radiusMeters?: number; fieldAllowed?: boolean; source?: DeviceFix["source"] }
  | { kind: "network"; body: PunchBody };

const newId = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

// The 外勤 form (remark, photo) is its own chunk, fetched when a refusal offers it: most punches never need it.
const FieldPunchForm = lazy(() => import("./field-punch-form").then((m) => ({ default: m.FieldPunchForm })));

export interface FieldPunch {
  remark: string;
  photo?: string;
}

/**
 * `buttons`: the class names of its two secondary buttons, made on the server from components/ui/variants (so the
 * variant recipes and their runtime stay off the phone; issue 12).
 */
export function PunchClock({ nextKind, places, fieldAllowed, buttons }: { nextKind: Kind; places: string[]; fieldAllowed: boolean; buttons: { retry: string; fieldOffer: string } }) {
  const t = useTranslations("punch");
  const locale = useLocale() === "en" ? "en" : "zh-CN";
  const timeZone = useTimeZone() ?? "Asia/Shanghai";
  const ctx = { locale: locale as "zh-CN" | "en", timeZone };
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [now, setNow] = useState<Date | null>(null);
  const [fieldOpen, setFieldOpen] = useState(false);
  const lastFix = useRef<DeviceFix | null>(null);

  useEffect(() => {
    const tick = () => setNow(new Date());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => (clearTimeout(first), clearInterval(timer));
  }, []);

  const distance = (m: number) => (m < 1000 ? (locale === "en" ? `${m} m` : `${m} 米`) : locale === "en" ? `${(m / 1000).toFixed(1)} km` : `${(m / 1000).toFixed(1)} 公里`);

  async function send(body: PunchBody) {
    setState({ kind: "posting" });
    let r: Response;
    try {
      r = await fetch("/api/attendance/punch", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
    } catch {
      setState({ kind: "network", body });
      return;
    }
    const j = (await r.json().catch(() => ({}))) as Record<string, unknown>;
    if (r.ok) {
      setState({ kind: "ok", answer: j as unknown as OkAnswer });
      setFieldOpen(false);
      router.refresh(); // today's slots, the explanation and the month re-render on the server
      return;
    }
    if (r.status >= 500 && r.status !== 503) {
      setState({ kind: "network", body });
      return;
    }
    setState({
      kind: "refused",
      code: String(j.error ?? "internal"),
      message: String(j.message ?? t("refused.server")),
      reason: j.reason as string | undefined,
      placeName: j.placeName as string | undefined,
      distanceMeters: j.distanceMeters as number | undefined,
      radiusMeters: j.radiusMeters as number | undefined,
      fieldAllowed: j.fieldAllowed as boolean | undefined,
      source: lastFix.current?.source,
    });
  }

  function bodyFrom(fix: DeviceFix, field?: PunchBody["field"]): PunchBody {
    const base: PunchBody = { clientId: newId() };
    if (fix.ok) Object.assign(base, { lat: fix.latitude, lng: fix.longitude, coord: fix.coordType, ...(fix.accuracy != null ? { accuracy: Math.round(fix.accuracy) } : {}) });
    else base.locationError = fix.error;
    if (field) base.field = field;
    return base;
  }

  async function punch() {
    setFieldOpen(false);
    setState({ kind: "locating" });
    const fix = await locateDevice();
    lastFix.current = fix;
    await send(bodyFrom(fix));
  }

  async function fieldPunch(field: NonNullable<PunchBody["field"]>) {
    const fix = lastFix.current ?? (await locateDevice());
    await send(bodyFrom(fix, field));
  }

  const busy = state.kind === "locating" || state.kind === "posting";
  const label = state.kind === "locating" ? t("button.locating") : state.kind === "posting" ? t("button.posting") : nextKind ? t(`button.${nextKind}`) : t("button.any");
  const app = state.kind === "refused" ? (state.source === "wecom" ? t("refused.appWecom") : state.source === "dingtalk" ? t("refused.appDingtalk") : t("refused.appBrowser")) : "";

  return (
    <div className="flex flex-col items-center gap-3 pt-2" data-testid="punch-clock" data-state={state.kind}>
      <button
        type="button"
        onClick={punch}
        disabled={busy}
        data-testid="punch-button"
        className="flex size-36 flex-col items-center justify-center gap-1 rounded-full bg-gradient-to-b from-brand-500 to-brand-600 text-white shadow-lg shadow-brand-500/30 transition active:scale-[0.97] disabled:opacity-80"
      >
        {busy ? <Loader2 className="size-6 animate-spin" aria-hidden /> : <Fingerprint className="size-6" aria-hidden />}
        <span className="text-[17px] font-semibold">{label}</span>
        <span className="text-[13px] tabular-nums text-white/80" suppressHydrationWarning>
          {now ? new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(now) : "\u00a0"}
        </span>
      </button>

      <div className="min-h-[44px] w-full text-center" aria-live="polite" data-testid="punch-status">
        {state.kind === "idle" || state.kind === "locating" || state.kind === "posting" ? (
          <p className="flex items-center justify-center gap-1.5 text-[13px] text-slate-500">
            <MapPin className="size-4 shrink-0" aria-hidden />
            {places.length ? t("hint", { places: places.join(locale === "en" ? ", " : "、") }) : t("hintNoPlaces")}
          </p>
        ) : null}

        {state.kind === "ok" ? (
          <div className="space-y-1" data-testid="punch-result" data-via={state.answer.punch.via}>
            <p className="flex items-center justify-center gap-1.5 text-[15px] font-semibold text-emerald-700">
              <CheckCircle2 className="size-5" aria-hidden />
              {state.answer.replay
                ? t("replay")
                : nextKind
                  ? t("ok", { kind: t(`slot.${nextKind}`), time: formatTime(new Date(state.answer.punch.at), ctx) })
                  : t("okAny", { time: formatTime(new Date(state.answer.punch.at), ctx) })}
            </p>
            <p className="text-[13px] text-slate-600" data-testid="punch-where">
              {state.answer.punch.via === "place" && state.answer.punch.placeName
                ? t("where.place", { place: state.answer.punch.placeName, distance: distance(state.answer.punch.distanceMeters ?? 0) })
                : state.answer.punch.via === "wifi"
                  ? t("where.wifi", { ssid: state.answer.punch.placeName ?? "" })
                  : t("where.fieldNoPlace")}
            </p>
          </div>
        ) : null}

        {state.kind === "refused" ? (
          <div className="space-y-1 rounded-xl bg-rose-50 px-4 py-3 text-left" role="alert" data-testid="punch-refused" data-code={state.code}>
            <p className="flex items-start gap-1.5 text-[14px] font-medium text-rose-700">
              <MapPinOff className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                {state.code === "punch_outside_fence" && state.placeName && state.distanceMeters != null
                  ? t("refused.outside", { place: state.placeName, distance: distance(state.distanceMeters) })
                  : state.code === "punch_location_unavailable" && state.reason
                    ? t(`refused.${state.reason}` as "refused.denied")
                    : state.code === "punch_field_not_allowed"
                      ? t("refused.field_not_allowed")
                      : state.code === "punch_no_group"
                        ? t("refused.no_group")
                        : `${t("refused.server")}：${state.message}`}
              </span>
            </p>
            {state.code === "punch_outside_fence" && state.placeName ? (
              <p className="pl-[22px] text-[12px] text-rose-600/90">{t("refused.outsideHint", { place: state.placeName, radius: state.radiusMeters ?? 0 })}</p>
            ) : null}
            {state.code === "punch_location_unavailable" && state.reason ? (
              <p className="pl-[22px] text-[12px] text-rose-600/90">{t(`refused.${state.reason}Hint` as "refused.deniedHint", { app })}</p>
            ) : null}
          </div>
        ) : null}

        {state.kind === "network" ? (
          <div className="space-y-2 rounded-xl bg-amber-50 px-4 py-3 text-left" role="alert" data-testid="punch-network">
            <p className="flex items-center gap-1.5 text-[14px] font-medium text-amber-800">
              <WifiOff className="size-4" aria-hidden /> {t("refused.network")}
            </p>
            <p className="text-[12px] text-amber-700">{t("refused.networkHint")}</p>
            <button type="button" className={buttons.retry} onClick={() => send(state.body)}>
              {t("button.retry")}
            </button>
          </div>
        ) : null}
      </div>

      {fieldAllowed && state.kind === "refused" && state.code === "punch_outside_fence" && !fieldOpen ? (
        <button type="button" className={buttons.fieldOffer} onClick={() => setFieldOpen(true)} data-testid="field-offer">
          {t("field.offer")}
        </button>
      ) : null}

      {fieldOpen ? (
        <Suspense fallback={<Loader2 className="size-5 animate-spin text-slate-400" aria-hidden />}>
          <FieldPunchForm busy={busy} onCancel={() => setFieldOpen(false)} onSubmit={fieldPunch} />
        </Suspense>
      ) : null}
    </div>
  );
}
