"use client";
// Scanning with the phone camera outside WeCom/DingTalk: getUserMedia, then the BarcodeDetector API where the
// browser has it for QR codes, else jsQR over canvas frames. Loaded only when the person opens it.
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "@/i18n/client";
import { Camera, CameraOff, CheckCircle2, ShieldAlert } from "lucide-react";
import { buttonVariants } from "@/components/ui/variants";

type State = "asking" | "denied" | "noCamera" | "unsupported" | "failed" | "scanning" | "found";
type Decode = (video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>;

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorCtor {
  new (o: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const MAX_FRAME_WIDTH = 640; // enough pixels for a QR on a screen; keeps jsQR fast on phones
const FRAME_INTERVAL_MS = 150;

async function makeDecoder(): Promise<Decode> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes("qr_code")) {
    const detector = new Detector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const jsQR = (await import("jsqr")).default;
  return async (video, canvas) => {
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    const w = Math.max(1, Math.round(video.videoWidth * scale));
    const h = Math.max(1, Math.round(video.videoHeight * scale));
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(video, 0, 0, w, h);
    return jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "attemptBoth" })?.data ?? null;
  };
}

function stateOfError(e: unknown): { state: State; reason?: string } {
  const name = (e as { name?: string })?.name ?? "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return { state: "denied" };
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return { state: "noCamera" };
  return { state: "failed", reason: (e as Error)?.message || name || "unknown" };
}

/** Camera scanner. `onText` answers whether the text was ours (then scanning stops). */
export default function CameraScanner({ onText, onClose }: { onText: (text: string) => boolean; onClose: () => void }) {
  const t = useTranslations("meetings.checkin.camera");
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<State>("asking");
  const [reason, setReason] = useState<string>("");
  const [foreign, setForeign] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setState("unsupported");
      setState("asking");
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      } catch (e) {
        const s = stateOfError(e);
        setReason(s.reason ?? "");
        return setState(s.state);
      }
      if (stopped) return stream.getTracks().forEach((tr) => tr.stop());
      const video = videoRef.current!;
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      const decode = await makeDecoder();
      setState("scanning");
      const tick = async () => {
        if (stopped) return;
        if (video.readyState >= 2 && video.videoWidth > 0) {
          const text = await decode(video, canvasRef.current!).catch(() => null);
          if (stopped) return;
          if (text) {
            if (onTextRef.current(text)) {
              stopped = true;
              stream?.getTracks().forEach((tr) => tr.stop());
              return setState("found");
            }
            setForeign(true);
          }
        }
        timer = setTimeout(tick, FRAME_INTERVAL_MS);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [attempt]);

  const problem = state === "denied" || state === "noCamera" || state === "unsupported" || state === "failed";
  return (
    <div className="w-full space-y-3" data-testid="camera-scanner" data-state={state}>
      <div className="relative aspect-square w-full overflow-hidden rounded-2xl bg-slate-900">
        <video ref={videoRef} className={`size-full object-cover ${state === "scanning" ? "" : "opacity-40"}`} muted playsInline aria-label={t("title")} />
        <canvas ref={canvasRef} className="hidden" />
        {state === "scanning" ? <span className="pointer-events-none absolute inset-[18%] rounded-xl border-2 border-white/80" aria-hidden /> : null}
        {state !== "scanning" ? (
          <span className="absolute inset-0 flex items-center justify-center text-white/90" aria-hidden>
            {state === "found" ? <CheckCircle2 className="size-14 text-emerald-400" /> : problem ? state === "denied" ? <ShieldAlert className="size-12" /> : <CameraOff className="size-12" /> : <Camera className="size-12 animate-pulse" />}
          </span>
        ) : null}
      </div>
      <div role="status" className="space-y-1 text-left text-[13px] leading-5" data-testid="camera-status">
        {state === "asking" ? <p className="text-slate-600">{t("asking")}</p> : null}
        {state === "scanning" ? <p className="text-slate-600">{foreign ? t("foreign") : t("scanning")}</p> : null}
        {state === "found" ? <p className="text-emerald-700">{t("found")}</p> : null}
        {state === "denied" ? (
          <>
            <p className="font-medium text-amber-800">{t("denied")}</p>
            <p className="text-slate-600">{t("deniedHelp")}</p>
          </>
        ) : null}
        {state === "noCamera" ? <p className="text-amber-800">{t("noCamera")}</p> : null}
        {state === "unsupported" ? <p className="text-amber-800">{t("unsupported")}</p> : null}
        {state === "failed" ? <p className="text-amber-800">{t("failed", { reason })}</p> : null}
      </div>
      <div className="flex gap-3">
        {state === "denied" || state === "failed" || state === "noCamera" ? (
          <button type="button" className={buttonVariants({ variant: "outline", block: true })} onClick={() => setAttempt((n) => n + 1)}>{t("retry")}</button>
        ) : null}
        <button type="button" className={buttonVariants({ variant: "secondary", block: true })} onClick={onClose}>{t("close")}</button>
      </div>
    </div>
  );
}
