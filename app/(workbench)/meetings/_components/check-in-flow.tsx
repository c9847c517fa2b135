"use client";
// The check-in itself: with a QR code it posts at once; otherwise it offers location check-in through the
// container's JS-SDK (ww.getLocation gcj02 / dd device.geolocation.get, lib/ui/device-location, which imports
// lib/vendors/jssdk-client on the first tap only) or the browser. Every refusal shows its own reason; location failures offer the way out (ask the organiser), never a silent pass.
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { CheckCircle2, MapPinOff, ScanLine, XCircle } from "lucide-react";
import { buttonVariants, CARD_CLASS } from "@/components/ui/variants";
import { formatTime } from "@/lib/ui/format";
import { AskOrganiser, DoneActions, LocateOrScan, WorkingCard } from "./flow-parts";
import { currentContainer, prepareJssdk } from "@/lib/vendors/container";
import { locateDevice } from "@/lib/ui/device-location";
import { StatusBadge } from "./status-badge-client";
import { clsx } from "clsx";

export interface CheckInMeeting {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string;
  locationName: string | null;
  hasFence: boolean;
  radiusMeters: number | null;
  organiserName: string | null;
  windowOpen: boolean;
  opensAt: string;
  myStatus: string | null;
  checkedInAt: string | null;
  /** 签退 (lib/meetings/queries meetingForCheckIn) */
  checkoutRequired?: boolean;
  checkoutOpen?: boolean;
  checkoutOpensAt?: string;
  checkoutClosesAt?: string;
  checkedOutAt?: string | null;
}

type Result =
  | { kind: "idle" }
  | { kind: "working"; what: "qr" | "geo" }
  | { kind: "ok"; status: string; checkedInAt: string; lateMinutes: number }
  | { kind: "refused"; code: string; message: string; reason?: string };

export function CheckInFlow({ meeting, code }: { meeting: CheckInMeeting; code: string | null }) {
  const t = useTranslations("meetings");
  const locale = useLocale() === "en" ? "en" : "zh-CN";
  const timeZone = useTimeZone() ?? "Asia/Shanghai";
  const ctx = { locale: locale as "zh-CN" | "en", timeZone };
  const [result, setResult] = useState<Result>(
    meeting.checkedInAt ? { kind: "ok", status: meeting.myStatus ?? "on_time", checkedInAt: meeting.checkedInAt, lateMinutes: 0 } : { kind: "idle" },
  );
  const started = useRef(false);

  async function post(body: Record<string, unknown>, what: "qr" | "geo") {
    setResult({ kind: "working", what });
    try {
      const r = await fetch("/api/checkin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ meetingId: meeting.id, ...body }) });
      const j = await r.json().catch(() => ({}));
      if (r.ok) setResult({ kind: "ok", status: j.status, checkedInAt: j.checkedInAt, lateMinutes: j.lateMinutes ?? 0 });
      else setResult({ kind: "refused", code: j.error ?? "internal", message: j.message ?? t("checkin.failed"), reason: j.reason });
    } catch {
      setResult({ kind: "refused", code: "network", message: t("qr.error") });
    }
  }

  // Location check-in is offered: configure the client's JS-SDK now, so the tap only asks for the fix.
  useEffect(() => {
    if (currentContainer() && !code && meeting.hasFence && meeting.windowOpen && !meeting.checkedInAt) prepareJssdk();
  }, [code, meeting.hasFence, meeting.windowOpen, meeting.checkedInAt]);

  useEffect(() => {
    if (code && !started.current && !meeting.checkedInAt) {
      started.current = true;
      void post({ method: "qr", code }, "qr");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code]);

  async function geo() {
    setResult({ kind: "working", what: "geo" });
    const location = await locateDevice();
    await post({ method: "geofence", location }, "geo");
  }

  return (
    <div className="space-y-4" data-testid="checkin-flow">
      {result.kind === "working" ? <WorkingCard tone="brand" message={result.what === "geo" ? t("checkin.locating") : t("checkin.working")} /> : null}

      {result.kind === "ok" ? (
        <div className={clsx(CARD_CLASS, "flex flex-col items-center px-6 py-10 text-center")} data-testid="checkin-result" data-result="ok" data-status={result.status}>
          <CheckCircle2 className="size-16 text-emerald-500" aria-hidden />
          <p className="mt-3 text-xl font-semibold text-slate-900">
            {meeting.checkedInAt && result.checkedInAt === meeting.checkedInAt ? t("checkin.already") : result.status === "late" ? t("checkin.successLate", { minutes: result.lateMinutes }) : t("checkin.success")}
          </p>
          <p className="mt-1 text-sm text-slate-500">{t("detail.checkedInAt", { time: formatTime(new Date(result.checkedInAt), ctx) })}</p>
          <StatusBadge status={result.status as "on_time"} className="mt-3" />
          <DoneActions t={t} meetingId={meeting.id} />
        </div>
      ) : null}

      {result.kind === "refused" ? (
        <div className={clsx(CARD_CLASS, "flex flex-col items-center px-6 py-8 text-center")} data-testid="checkin-result" data-result="refused" data-code={result.code}>
          {result.code === "checkin_location_unavailable" || result.code === "checkin_outside_fence" ? (
            <MapPinOff className="size-14 text-amber-500" aria-hidden />
          ) : (
            <XCircle className="size-14 text-rose-500" aria-hidden />
          )}
          <p className="mt-3 text-lg font-semibold text-slate-900">{result.code === "checkin_already" ? t("checkin.already") : t("checkin.failed")}</p>
          <p className="mt-1 text-sm leading-6 text-slate-600" data-testid="checkin-message">{result.message}</p>
          {result.code === "checkin_location_unavailable" || result.code === "checkin_outside_fence" ? (
            <AskOrganiser t={t} name={meeting.organiserName} />
          ) : null}
          <div className="mt-5 flex w-full gap-3">
            {meeting.hasFence && result.code !== "checkin_already" && result.code !== "checkin_not_invited" ? (
              <button type="button" className={buttonVariants({ variant: "outline", block: true })} onClick={geo}>{t("checkin.useLocation")}</button>
            ) : null}
            <Link href="/" className="flex-1"><button type="button" className={buttonVariants({ variant: "secondary", block: true })}>{t("checkin.backHome")}</button></Link>
          </div>
        </div>
      ) : null}

      {result.kind === "idle" ? (
        <div className={clsx(CARD_CLASS, "space-y-3 p-4")}>
          {meeting.windowOpen ? (
            <>
              {/* QR check-in from here (a 待办 or reminder link has no code): open the scanner, as the scan page does. */}
              <LocateOrScan hasFence={meeting.hasFence} onLocate={geo} locateLabel={t("checkin.useLocation")} scanLabel={t("checkin.openScanner")} testId="checkin" />
              <div className="flex items-start gap-2 rounded-xl bg-brand-50 p-3 text-[13px] leading-5 text-brand-700">
                <ScanLine className="mt-0.5 size-4 shrink-0" aria-hidden /> {t("checkin.scanHint")}
              </div>
            </>
          ) : (
            <p className="text-center text-sm text-slate-500">
              {new Date(meeting.opensAt) > new Date() ? t("opensAt", { time: formatTime(new Date(meeting.opensAt), ctx) }) : t("windowClosed")}
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
