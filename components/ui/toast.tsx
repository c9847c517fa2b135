"use client";

import * as React from "react";
import { CircleCheck, CircleAlert, Info } from "lucide-react";
import { clsx } from "clsx";

type ToastTone = "info" | "success" | "error";
interface ToastItem {
  id: number;
  tone: ToastTone;
  message: string;
}

const ToastContext = React.createContext<((message: string, tone?: ToastTone) => void) | null>(null);

/** Short confirmations ("已切换为 English") shown at the top, gone after 3 s; announced to screen readers. */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [items, setItems] = React.useState<ToastItem[]>([]);
  const next = React.useRef(1);
  const show = React.useCallback((message: string, tone: ToastTone = "info") => {
    const id = next.current++;
    setItems((list) => [...list.slice(-2), { id, tone, message }]);
    window.setTimeout(() => setItems((list) => list.filter((t) => t.id !== id)), 3000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 top-[calc(env(safe-area-inset-top)+12px)] z-50 flex flex-col items-center gap-2 px-4"
      >
        {items.map((t) => (
          <div
            key={t.id}
            role="status"
            className={clsx(
              "pointer-events-auto flex max-w-sm items-center gap-2 rounded-xl px-4 py-2.5 text-sm shadow-lg",
              t.tone === "error" ? "bg-rose-600 text-white" : "bg-slate-900/90 text-white",
            )}
          >
            {t.tone === "success" ? <CircleCheck className="size-4" /> : t.tone === "error" ? <CircleAlert className="size-4" /> : <Info className="size-4" />}
            {t.message}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): (message: string, tone?: ToastTone) => void {
  const show = React.useContext(ToastContext);
  if (!show) throw new Error("useToast needs <ToastProvider> (the root layout has one)");
  return show;
}
