import * as React from "react";
import { type VariantProps } from "class-variance-authority";
import { cn } from "./cn";
import { badgeVariants } from "./variants";

export { badgeVariants };

export interface BadgeProps extends React.HTMLAttributes<HTMLSpanElement>, VariantProps<typeof badgeVariants> {}

export function Badge({ className, tone, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
