"use client";
// 签退: the check-out of a meeting that requires one. With a check-out QR code it posts at once; otherwise, in the
// window, it offers location (as check-in does) or the scanner. Every refusal shows its own reason; a second
// check-out is told apart and changes nothing.
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { CheckCircle2, MapPinOff, ScanLine, TriangleAlert, XCircle } from "lucide-react";
import { buttonVariants, CARD_CLASS } from "@/components/ui/variants";
import { formatTime } from "@/lib/ui/format";
import { AskOrganiser, DoneActions, LocateOrScan, WorkingCard } from "./flow-parts";
import { currentContainer, prepareJssdk } from "@/lib/vendors/container";
import { locateDevice } from "@/lib/ui/device-location";
import type { CheckInMeeting } from "./check-in-flow";
import { StatusBadge } from "./status-badge-client";
import { clsx } from "clsx";

type Result =
  | { kind: "idle" }
  | { kind: "working"; what: "qr" | "geo" }
  | { kind: "ok"; status: string; checkedOutAt: string; leftEarlyMinutes: number; already: boolean }
  | { kind: "refused"; code: string; message: string };

export function CheckOutFlow({ meeting, code }: { meeting: CheckInMeeting; code: string | null }) {
  const t = useTranslations("meetings");
  const locale = useLocale() === "en" ? "en" : "zh-CN";
  const ctx = { locale: locale as "zh-CN" | "en", timeZone: useTimeZone() ?? "Asia/Shanghai" };
  const [result, setResult] = useState<Result>(
    meeting.checkedOutAt ? { kind: "ok", status: meeting.myStatus ?? "on_time", checkedOutAt: meeting.checkedOutAt, leftEarlyMinutes: 0, already: true } : { kind: "idle" },
  );
  const started = useRef(false);

  async function post(body: Record<string, unknown>, what: "qr" | "geo") {
    setResult({ kind: "working", what });
    try {
      const r = await fetch("/api/checkout", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ meetingId: meeting.id, ...body }) });
      const j = await r.json().catch(() => ({}));
      if (r.ok) setResult({ kind: "ok", status: j.status, checkedOutAt: j.checkedOutAt, leftEarlyMinutes: j.leftEarlyMinutes ?? 0, already: false });
      else if (j.error === "checkout_already" && j.checkedOutAt) setResult({ kind: "ok", status: j.status ?? "on_time", checkedOutAt: j.checkedOutAt, leftEarlyMinutes: 0, already: true });
      else setResult({ kind: "refused", code: j.error ?? "internal", message: j.message ?? t("checkout.failed") });
    } catch {
      setResult({ kind: "refused", code: "network", message: t("qr.error") });
    }
  }

  useEffect(() => {
    if (currentContainer() && !code && meeting.hasFence && meeting.checkoutOpen && meeting.checkedInAt && !meeting.checkedOutAt) prepareJssdk();
  }, [code, meeting.hasFence, meeting.checkoutOpen, meeting.checkedInAt, meeting.checkedOutAt]);

  useEffect(() => {
    if (code && !started.current && !meeting.checkedOutAt) {
      started.current = true;
      void post({ method: "qr", code }, "qr");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code]);

  async function geo() {
    setResult({ kind: "working", what: "geo" });
    await post({ method: "geofence", location: await locateDevice() }, "geo");
  }

  const location = result.kind === "refused" && (result.code === "checkin_location_unavailable" || result.code === "checkin_outside_fence");
  return (
    <div className="space-y-4" data-testid="checkout-flow">

      {result.kind === "working" ? <WorkingCard tone="orange" message={result.what === "geo" ? t("checkin.locating") : t("checkout.working")} /> : null}

      {result.kind === "ok" ? (
        <div className={clsx(CARD_CLASS, "flex flex-col items-center px-6 py-10 text-center")} data-testid="checkout-result" data-result="ok" data-status={result.status}>
          {result.status === "early_leave" ? <TriangleAlert className="size-16 text-orange-500" aria-hidden /> : <CheckCircle2 className="size-16 text-emerald-500" aria-hidden />}
          <p className="mt-3 text-xl font-semibold text-slate-900">
            {result.already ? t("checkout.already") : result.status === "early_leave" ? t("checkout.successEarly", { minutes: result.leftEarlyMinutes }) : t("checkout.success")}
          </p>
          <p className="mt-1 text-sm text-slate-500">{t("checkout.checkedOutAt", { time: formatTime(new Date(result.checkedOutAt), ctx) })}</p>
          <StatusBadge status={result.status as "on_time"} className="mt-3" />
          <DoneActions t={t} meetingId={meeting.id} />
        </div>
      ) : null}

      {result.kind === "refused" ? (
        <div className={clsx(CARD_CLASS, "flex flex-col items-center px-6 py-8 text-center")} data-testid="checkout-result" data-result="refused" data-code={result.code}>
          {location ? <MapPinOff className="size-14 text-amber-500" aria-hidden /> : <XCircle className="size-14 text-rose-500" aria-hidden />}
          <p className="mt-3 text-lg font-semibold text-slate-900">{t("checkout.failed")}</p>
          <p className="mt-1 text-sm leading-6 text-slate-600" data-testid="checkout-message">{result.message}</p>
          {location || result.code === "checkout_not_checked_in" ? (
            <AskOrganiser t={t} name={meeting.organiserName} />
          ) : null}
          <div className="mt-5 flex w-full gap-3">
            {meeting.hasFence && meeting.checkoutOpen && result.code !== "checkout_not_checked_in" && result.code !== "checkout_window_closed" ? (
              <button type="button" className={buttonVariants({ variant: "outline", block: true })} onClick={geo}>{t("checkout.useLocation")}</button>
            ) : null}
            <Link href="/" className="flex-1"><button type="button" className={buttonVariants({ variant: "secondary", block: true })}>{t("checkin.backHome")}</button></Link>
          </div>
        </div>
      ) : null}

      {result.kind === "idle" ? (
        <div className={clsx(CARD_CLASS, "space-y-3 p-4")} data-testid="checkout-idle">
          {!meeting.checkedInAt ? (
            <p className="text-center text-sm leading-6 text-slate-600">{t("checkout.notCheckedIn")}</p>
          ) : meeting.checkoutOpen ? (
            <>
              <LocateOrScan hasFence={meeting.hasFence} onLocate={geo} locateLabel={t("checkout.useLocation")} scanLabel={t("checkout.openScanner")} testId="checkout" />
              <div className="flex items-start gap-2 rounded-xl bg-orange-50 p-3 text-[13px] leading-5 text-orange-800">
                <ScanLine className="mt-0.5 size-4 shrink-0" aria-hidden /> {t("checkout.scanHint")}
              </div>
            </>
          ) : (
            <p className="text-center text-sm text-slate-500">
              {meeting.checkoutOpensAt && new Date(meeting.checkoutOpensAt) > new Date() ? t("checkout.opensAt", { time: formatTime(new Date(meeting.checkoutOpensAt), ctx) }) : t("checkout.windowClosed")}
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
