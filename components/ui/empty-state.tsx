import * as React from "react";
import { cn } from "./cn";

/** An honest "nothing here (yet)" block: an icon, what is missing, and what to do about it. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
  ...props
}: {
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
} & Omit<React.HTMLAttributes<HTMLDivElement>, "title">) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-10 text-center", className)} {...props}>
      {icon ? (
        <div className="mb-3 flex size-12 items-center justify-center rounded-2xl bg-slate-100 text-slate-400 [&_svg]:size-6">{icon}</div>
      ) : null}
      <p className="text-[15px] font-medium text-slate-800">{title}</p>
      {description ? <p className="mt-1 max-w-sm text-balance text-[13px] leading-5 text-slate-500">{description}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
