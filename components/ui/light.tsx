// Button, Card and Textarea for client components on phone pages: the same recipes as components/ui/button, card
// and input, joined with clsx instead of tailwind-merge (~8 KB gzip that would otherwise ship to the phone, issue 12).
// A className given here is appended, not merged: it must add to the recipe, not fight it (no second height,
// padding or background). Server components keep the merging versions (they ship no JavaScript).
import * as React from "react";
import { type VariantProps } from "class-variance-authority";
import { clsx } from "clsx";
import { buttonVariants, CARD_CLASS, FIELD_CLASS } from "./variants";

type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & VariantProps<typeof buttonVariants>;

export function Button({ className, variant, size, block, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={clsx(buttonVariants({ variant, size, block }), className)} {...props} />;
}

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx(CARD_CLASS, className)} {...props} />;
}

export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={clsx(FIELD_CLASS, "min-h-24 py-2.5 leading-6", className)} {...props} />;
}
