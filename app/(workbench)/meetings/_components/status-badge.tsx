"use client";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

const TONE = { on_time: "success", late: "warning", early_leave: "warning", absent: "danger", on_leave: "neutral", pending: "neutral", not_checked_in: "neutral" } as const;

export function StatusBadge({ status, className }: { status: keyof typeof TONE | null; className?: string }) {
  const t = useTranslations("meetings.status");
  const s = status ?? "not_checked_in";
  return (
    <Badge tone={TONE[s]} className={className} data-testid="status-badge" data-status={s}>
      {t(s)}
    </Badge>
  );
}
