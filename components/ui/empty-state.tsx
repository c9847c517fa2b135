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

/**
 * The inline kind: a one-line notice above content that is there but says nothing (a grid of people with no
 * results), with an icon, what is missing and what to do.
 */
export function EmptyNotice({ icon, title, description, className, ...props }: { icon?: React.ReactNode; title: React.ReactNode; description?: React.ReactNode } & Omit<React.HTMLAttributes<HTMLDivElement>, "title">) {
  return (
    <div role="status" className={cn("flex items-start gap-3 px-5 py-3 text-sm", className)} {...props}>
      {icon ? <span className="mt-0.5 shrink-0 text-slate-400 [&_svg]:size-4" aria-hidden>{icon}</span> : null}
      <div>
        <p className="font-medium text-slate-700">{title}</p>
        {description ? <p className="mt-0.5 text-slate-500">{description}</p> : null}
      </div>
    </div>
  );
}
