"use client";
// The status badge inside client components (live view, check-in), translated with i18n/client.
import { useTranslations } from "@/i18n/client";
import { StatusBadgeView, type BadgeStatus } from "./status-badge-view";

export function StatusBadge({ status, className }: { status: BadgeStatus | null; className?: string }) {
  const t = useTranslations("meetings.status");
  const s = status ?? "not_checked_in";
  return <StatusBadgeView status={s} label={t(s)} className={className} />;
}
