// No "use client": pages render it on the server (no JS, issue 12). Client components use status-badge-client.
import { useTranslations } from "next-intl";
import { StatusBadgeView, type BadgeStatus } from "./status-badge-view";

export function StatusBadge({ status, className }: { status: BadgeStatus | null; className?: string }) {
  const t = useTranslations("meetings.status");
  const s = status ?? "not_checked_in";
  return <StatusBadgeView status={s} label={t(s)} className={className} />;
}
