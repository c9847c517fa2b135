// Class recipes of the UI kit without tailwind-merge: client components on phone pages build their classes from
// these with clsx when they pass no conflicting classes, so tailwind-merge (~8 KB gzip) stays off those pages
// (issue 12). Button, Badge and Card use the same recipes (with cn for callers' overrides).
import { cva } from "class-variance-authority";

export const buttonVariants = cva(
  "inline-flex select-none items-center justify-center gap-2 whitespace-nowrap rounded-xl font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:ring-offset-2 disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        primary: "bg-brand-500 text-white shadow-sm hover:bg-brand-600 active:bg-brand-700",
        secondary: "bg-brand-50 text-brand-700 hover:bg-brand-100",
        outline: "border border-slate-200 bg-white text-slate-700 hover:bg-slate-50",
        ghost: "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
        danger: "bg-rose-600 text-white hover:bg-rose-700",
        link: "h-auto px-0 text-brand-600 underline-offset-4 hover:underline",
      },
      size: {
        sm: "h-9 px-3 text-sm",
        md: "h-11 px-4 text-[15px]", // 44px: the minimum touch target
        lg: "h-12 px-5 text-base",
        icon: "size-11",
      },
      block: { true: "w-full" },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export const badgeVariants = cva("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium leading-5", {
  variants: {
    tone: {
      neutral: "bg-slate-100 text-slate-600",
      brand: "bg-brand-50 text-brand-700",
      success: "bg-emerald-50 text-emerald-700",
      warning: "bg-amber-50 text-amber-700",
      danger: "bg-rose-50 text-rose-700",
    },
  },
  defaultVariants: { tone: "neutral" },
});

/** Card's surface. */
export const CARD_CLASS = "rounded-2xl border border-slate-200/70 bg-white shadow-[0_1px_2px_rgba(15,23,42,0.04)]";

/** Text inputs, textareas and selects. */
export const FIELD_CLASS =
  "w-full rounded-xl border border-slate-200 bg-white px-3 text-[15px] text-slate-900 placeholder:text-slate-400 transition-colors focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20 disabled:cursor-not-allowed disabled:bg-slate-50 aria-invalid:border-rose-500 aria-invalid:ring-rose-500/20";
