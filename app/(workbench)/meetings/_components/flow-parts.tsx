"use client";
// What the check-in and the check-out (签退) flows show alike (the meeting itself is meeting-summary-card.tsx, on the
// server): the busy card, the ask-the-organiser
// box, the two ways out after a result, and the location/scan buttons of the idle card. Each flow keeps its own
// states, copy and colours.
import Link from "next/link";
import { MapPin, ScanLine } from "lucide-react";
import { clsx } from "clsx";
import { buttonVariants, CARD_CLASS } from "@/components/ui/variants";
import type { Translate } from "@/i18n/client";

export function WorkingCard({ message, tone }: { message: string; tone: "brand" | "orange" }) {
  return (
    <div className={clsx(CARD_CLASS, "flex flex-col items-center gap-3 px-6 py-10")} role="status">
      <span className={clsx("size-10 animate-spin rounded-full border-4", tone === "brand" ? "border-brand-100 border-t-brand-500" : "border-orange-100 border-t-orange-500")} aria-hidden />
      <p className="text-[15px] text-slate-700">{message}</p>
    </div>
  );
}

export function AskOrganiser({ t, name }: { t: Translate; name: string | null }) {
  return (
    <div className="mt-4 w-full rounded-xl bg-slate-50 p-3 text-left text-[13px] leading-5 text-slate-600">
      <p className="font-medium text-slate-800">{t("checkin.askOrganiser")}</p>
      <p>{t("checkin.askOrganiserHint", { name: name ?? "—" })}</p>
    </div>
  );
}

/** After a result: back to the home page, and the meeting itself. */
export function DoneActions({ t, meetingId }: { t: Translate; meetingId: number }) {
  return (
    <div className="mt-6 flex w-full gap-3">
      <Link href="/" className="flex-1"><button type="button" className={buttonVariants({ variant: "outline", block: true })}>{t("checkin.backHome")}</button></Link>
      <Link href={`/meetings/${meetingId}`} className="flex-1"><button type="button" className={buttonVariants({ block: true })}>{t("checkin.viewMeeting")}</button></Link>
    </div>
  );
}

/** The idle card's buttons: by location when the meeting has a fence, and the scanner (QR) always. */
export function LocateOrScan({ hasFence, onLocate, locateLabel, scanLabel, testId }: { hasFence: boolean; onLocate: () => void; locateLabel: string; scanLabel: string; testId: "checkin" | "checkout" }) {
  return (
    <>
      {hasFence ? (
        <button type="button" className={clsx(buttonVariants({ size: null, block: true }), "h-14 px-5 text-lg")} onClick={onLocate} data-testid={`${testId}-geo`}>
          <MapPin className="!size-5" /> {locateLabel}
        </button>
      ) : null}
      <Link href="/meetings/scan" data-testid={`${testId}-open-scanner`} className={clsx(buttonVariants({ variant: hasFence ? "outline" : "primary", size: null, block: true }), "h-14 px-5 text-lg")}>
        <ScanLine className="!size-5" /> {scanLabel}
      </Link>
    </>
  );
}
