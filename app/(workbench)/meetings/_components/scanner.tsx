"use client";
// 扫一扫: inside WeCom/DingTalk the client's scanner through its JS-SDK (configured when the page opens); in a
// plain browser, or when the client's scanner is unavailable, the phone camera. Only our own /checkin links
// are followed.
import { useEffect, useState, useSyncExternalStore } from "react";
import dynamic from "next/dynamic";
import { useTranslations } from "@/i18n/client";
import { ScanLine } from "lucide-react";
import { buttonVariants, CARD_CLASS } from "@/components/ui/variants";
import { type Container, currentContainer, jssdk } from "@/lib/vendors/container";
import { clsx } from "clsx";

const CameraScanner = dynamic(() => import("./camera-scanner"), { ssr: false });

type Sdk = { state: "none" } | { state: "preparing" | "ready"; container: Container } | { state: "failed"; container: Container; reason: string };
type Prepared = { state: "ready" } | { state: "failed"; reason: string } | null;

const noSubscription = () => () => undefined;

export function Scanner() {
  const t = useTranslations("meetings.checkin");
  const [msg, setMsg] = useState<string | null>(null);
  // The user agent is known only in the browser (null while rendering on the server).
  const container = useSyncExternalStore(noSubscription, currentContainer, () => null);
  const [prepared, setPrepared] = useState<Prepared>(null);
  const [camera, setCamera] = useState(false);
  const sdk: Sdk = !container ? { state: "none" } : prepared ? { ...prepared, container } : { state: "preparing", container };

  useEffect(() => {
    if (!container) return;
    // Inside the client the scan page is a device page: fetch and configure the JS-SDK right after hydration.
    jssdk().then((m) => m.prepareContainerSdk(container)).then(
      () => setPrepared({ state: "ready" }),
      (e: unknown) => setPrepared({ state: "failed", reason: e instanceof Error ? e.message : String(e) }),
    );
  }, [container]);

  const follow = (text: string): boolean => {
    try {
      const u = new URL(text, window.location.href);
      if (u.origin === window.location.origin && u.pathname === "/checkin") {
        window.location.assign(u.pathname + u.search);
        return true;
      }
    } catch {
      // not a URL: falls through to the same message
    }
    setMsg(t("noMeeting"));
    return false;
  };

  const scan = async () => {
    setMsg(null);
    if (sdk.state === "none" || sdk.state === "failed") return setCamera(true);
    try {
      follow(await (await jssdk()).containerScan(sdk.container));
    } catch (e) {
      if ((e as { kind?: string }).kind === "cancel") return; // ContainerSdkError (not imported up front)
      setPrepared({ state: "failed", reason: e instanceof Error ? e.message : String(e) });
    }
  };

  const client = sdk.state === "none" ? "" : t(`clients.${sdk.container}`);
  return (
    <div className={clsx(CARD_CLASS, "flex flex-col items-center px-6 py-8 text-center")} data-testid="scanner" data-sdk={sdk.state} data-container={sdk.state === "none" ? "browser" : sdk.container}>
      {camera ? (
        <CameraScanner onText={follow} onClose={() => setCamera(false)} />
      ) : (
        <>
          <span className="flex size-20 items-center justify-center rounded-3xl bg-brand-50 text-brand-600"><ScanLine className="size-10" aria-hidden /></span>
          <p className="mt-4 text-[13px] leading-5 text-slate-600">{t("scanHint")}</p>
          <button type="button" className={clsx(buttonVariants({ size: "lg", block: true }), "mt-5")} onClick={scan} disabled={sdk.state === "preparing"} data-testid="open-scanner">
            {sdk.state === "failed" ? t("useCamera") : t("openScanner")}
          </button>
          {sdk.state === "preparing" ? <p className="mt-3 text-[13px] text-slate-500">{t("sdkPreparing", { client })}</p> : null}
          {sdk.state === "failed" ? <p role="status" className="mt-3 text-[13px] text-amber-700" data-testid="scanner-sdk-failed">{t("sdkFailed", { client, reason: sdk.reason })}</p> : null}
        </>
      )}
      {msg ? <p role="status" className="mt-3 text-[13px] text-amber-700" data-testid="scanner-message">{msg}</p> : null}
    </div>
  );
}
