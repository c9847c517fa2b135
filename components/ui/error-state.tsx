import * as React from "react";
import { TriangleAlert } from "lucide-react";
import { cn } from "./cn";

/** Something failed on our side: say so plainly, give the reference id and a way to retry. */
export function ErrorState({
  title,
  description,
  reference,
  referenceLabel,
  action,
  className,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  reference?: string;
  /** Shown before the reference, separator included ("参考编号：" / "Reference: "). */
  referenceLabel?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div role="alert" className={cn("flex flex-col items-center px-6 py-10 text-center", className)}>
      <div className="mb-3 flex size-12 items-center justify-center rounded-2xl bg-rose-50 text-rose-500">
        <TriangleAlert className="size-6" />
      </div>
      <p className="text-[15px] font-medium text-slate-800">{title}</p>
      {description ? <p className="mt-1 max-w-sm text-balance text-[13px] leading-5 text-slate-500">{description}</p> : null}
      {reference ? (
        <p className="mt-3 rounded-lg bg-slate-100 px-2.5 py-1 font-mono text-xs text-slate-600">
          {referenceLabel}
          <span data-testid="error-reference">{reference}</span>
        </p>
      ) : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
