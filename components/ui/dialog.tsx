"use client";

import * as React from "react";
import { X } from "lucide-react";
import { clsx } from "clsx";

/**
 * Dialog and Sheet on the native <dialog> element: focus trap, Esc and the backdrop come from the browser,
 * which behaves the same in the WeCom/DingTalk webviews (Chromium-based) as on desktop.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  side,
  closeLabel = "关闭",
  className,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  footer?: React.ReactNode;
  /** "bottom" makes it a sheet that slides up on phones; "right" a side panel on PC. */
  side?: "center" | "bottom" | "right";
  closeLabel?: string;
  className?: string;
}) {
  const ref = React.useRef<HTMLDialogElement>(null);
  React.useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  const placement = {
    center: "m-auto w-[min(92vw,28rem)] rounded-2xl",
    bottom: "mb-0 mt-auto w-full max-w-none rounded-t-2xl pb-[env(safe-area-inset-bottom)]",
    right: "ml-auto mr-0 h-full max-h-none w-[min(100vw,32rem)] rounded-l-2xl",
  }[side ?? "center"];
  return (
    <dialog
      ref={ref}
      onClose={() => onOpenChange(false)}
      onClick={(e) => {
        if (e.target === ref.current) onOpenChange(false); // a click on the backdrop
      }}
      className={clsx("bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40", placement, className)}
    >
      <div className="flex items-start justify-between gap-3 px-5 pt-5">
        <div>
          <h2 className="text-base font-semibold">{title}</h2>
          {description ? <p className="mt-1 text-[13px] text-slate-500">{description}</p> : null}
        </div>
        <button
          type="button"
          aria-label={closeLabel}
          onClick={() => onOpenChange(false)}
          className="-mr-2 -mt-2 flex size-11 items-center justify-center rounded-xl text-slate-400 hover:bg-slate-100 hover:text-slate-600"
        >
          <X className="size-5" />
        </button>
      </div>
      <div className="px-5 py-4">{children}</div>
      {footer ? <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">{footer}</div> : null}
    </dialog>
  );
}

export function Sheet(props: Omit<React.ComponentProps<typeof Dialog>, "side"> & { side?: "bottom" | "right" }) {
  return <Dialog {...props} side={props.side ?? "bottom"} />;
}
