"use client";
// The organiser's full-screen display: the rotating code (refetched when it expires) and the live counts.
import { useEffect, useState } from "react";
import Link from "next/link";
import { useTranslations } from "@/i18n/client";
import { X } from "lucide-react";
import type { LiveView as View } from "@/lib/meetings/queries";
import { LiveView } from "./live-view";

interface Qr { url: string; svg: string; expiresAt: string; slotSeconds: number; serverTime: string }

export function QrDisplay({ meetingId, title, initial, purpose = "in" }: { meetingId: number; title: string; initial: View; purpose?: "in" | "out" }) {
  const t = useTranslations("meetings.qr");
  const tco = useTranslations("meetings.checkout");
  const [qr, setQr] = useState<Qr | null>(null);
  const [error, setError] = useState(false);
  const [left, setLeft] = useState(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let skew = 0;
    const load = async () => {
      try {
        const r = await fetch(`/api/meetings/${meetingId}/qr${purpose === "out" ? "?purpose=out" : ""}`, { cache: "no-store" });
        if (!r.ok) throw new Error(String(r.status));
        const j: Qr = await r.json();
        skew = Date.parse(j.serverTime) - Date.now();
        setQr(j);
        setError(false);
        timer = setTimeout(load, Math.max(500, Date.parse(j.expiresAt) - (Date.now() + skew) + 200));
      } catch {
        setError(true);
        timer = setTimeout(load, 2000);
      }
    };
    void load();
    const tick = setInterval(() => setLeft((l) => l), 1000);
    return () => {
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [meetingId, purpose]);

  useEffect(() => {
    if (!qr) return;
    const update = () => setLeft(Math.max(0, Math.ceil((Date.parse(qr.expiresAt) - Date.now()) / 1000)));
    update();
    const i = setInterval(update, 250);
    return () => clearInterval(i);
  }, [qr]);

  return (
    <div
      className={`fixed inset-0 z-50 flex flex-col overflow-auto bg-gradient-to-b text-white ${purpose === "out" ? "from-orange-700 to-orange-500" : "from-brand-700 to-brand-500"}`}
      data-testid="qr-display"
      data-purpose={purpose}
    >
      <div className="flex items-center justify-between px-5 pt-[calc(env(safe-area-inset-top)+12px)]">
        <p className="text-sm text-white/80">{purpose === "out" ? tco("qrTitle") : t("title")}</p>
        <Link href={`/meetings/${meetingId}`} aria-label={t("close")} className="flex size-11 items-center justify-center rounded-xl bg-white/10 active:bg-white/20"><X className="size-6" /></Link>
      </div>
      <div className="mx-auto flex w-full max-w-[720px] flex-1 flex-col items-center px-5 pb-6">
        <h1 className="mt-2 text-center text-2xl font-semibold leading-9 sm:text-4xl">{title}</h1>
        <p className="mt-1 text-white/80">{purpose === "out" ? tco("qrHint") : t("hint")}</p>
        <div className="mt-5 aspect-square w-full max-w-[min(80vw,520px)] rounded-3xl bg-white p-4 shadow-2xl">
          {qr ? (
            <div className="size-full [&_svg]:size-full" data-testid="qr-code" data-url={qr.url} dangerouslySetInnerHTML={{ __html: qr.svg }} />
          ) : (
            <div className="size-full animate-pulse rounded-2xl bg-slate-100" />
          )}
        </div>
        <p className="mt-3 text-sm text-white/85" aria-live="polite">{error ? t("error") : qr ? t("expiresIn", { seconds: left }) : ""}</p>
        <p className="text-xs text-white/60">{t("refresh", { seconds: qr?.slotSeconds ?? 20 })}</p>
        <div className="mt-5 w-full text-slate-900">
          <LiveView meetingId={meetingId} initial={initial} ended={false} compact />
        </div>
      </div>
    </div>
  );
}
