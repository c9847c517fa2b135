// A check-in status as a coloured badge (the label comes translated from status-badge or status-badge-client).
import { clsx } from "clsx";
import { badgeVariants } from "@/components/ui/variants";

const TONE = { on_time: "success", late: "warning", early_leave: "warning", absent: "danger", on_leave: "neutral", pending: "neutral", not_checked_in: "neutral" } as const;
export type BadgeStatus = keyof typeof TONE;

export function StatusBadgeView({ status, label, className }: { status: BadgeStatus; label: string; className?: string }) {
  return (
    <span className={clsx(badgeVariants({ tone: TONE[status] }), className)} data-testid="status-badge" data-status={status}>
      {label}
    </span>
  );
}
