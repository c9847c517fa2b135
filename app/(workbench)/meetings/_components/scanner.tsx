"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { ScanLine } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type Sdk = {
  wx?: { scanQRCode?: (o: { needResult: 0 | 1; scanType: string[]; success: (r: { resultStr: string }) => void; fail: () => void }) => void };
  dd?: { biz?: { util?: { scan?: (o: { type: string; onSuccess: (r: { text: string }) => void; onFail: () => void }) => void } } };
};

/** Opens the container's scanner (wx.scanQRCode / dd.biz.util.scan) and follows our own check-in links only. */
export function Scanner() {
  const t = useTranslations("meetings.checkin");
  const [msg, setMsg] = useState<string | null>(null);
  const follow = (text: string) => {
    try {
      const u = new URL(text, window.location.href);
      if (u.origin === window.location.origin && u.pathname === "/checkin") window.location.assign(u.pathname + u.search);
      else setMsg(t("noMeeting"));
    } catch {
      setMsg(t("noMeeting"));
    }
  };
  const scan = () => {
    const w = window as unknown as Sdk;
    if (w.wx?.scanQRCode) return w.wx.scanQRCode({ needResult: 1, scanType: ["qrCode"], success: (r) => follow(r.resultStr), fail: () => setMsg(t("scannerUnavailable")) });
    if (w.dd?.biz?.util?.scan) return w.dd.biz.util.scan({ type: "qr", onSuccess: (r) => follow(r.text), onFail: () => setMsg(t("scannerUnavailable")) });
    setMsg(t("scannerUnavailable"));
  };
  return (
    <Card className="flex flex-col items-center px-6 py-8 text-center">
      <span className="flex size-20 items-center justify-center rounded-3xl bg-brand-50 text-brand-600"><ScanLine className="size-10" aria-hidden /></span>
      <p className="mt-4 text-[13px] leading-5 text-slate-600">{t("scanHint")}</p>
      <Button size="lg" block className="mt-5" onClick={scan}>{t("openScanner")}</Button>
      {msg ? <p role="status" className="mt-3 text-[13px] text-amber-700">{msg}</p> : null}
    </Card>
  );
}
