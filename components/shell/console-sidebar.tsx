"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/i18n/client";
import {
  ArrowLeftRight,
  CalendarDays,
  Clock,
  Grid3x3,
  UsersRound,
  AlarmClock,
  BellRing,
  Building2,
  CalendarOff,
  CalendarCheck,
  CalendarRange,
  ClipboardCheck,
  ClipboardList,
  TrendingUp,
  FileUp,
  FileCheck2,
  ChartColumn,
  IdCard,
  KeyRound,
  LayoutDashboard,
  PlugZap,
  RefreshCw,
  Settings,
  Users,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { ConsoleNavGroup, ConsoleNavKey } from "@/lib/ui/console-access";

const ICONS: Record<ConsoleNavKey, LucideIcon> = {
  overview: LayoutDashboard,
  meetings: CalendarCheck,
  reports: ChartColumn,
  people: Users,
  identity: IdCard,
  org: Building2,
  integrations: PlugZap,
  sync: RefreshCw,
  attendanceBridge: ArrowLeftRight,
  apiKeys: KeyRound,
  settings: Settings,
  leaves: CalendarOff,
  attendanceSheet: CalendarRange,
  notifications: BellRing,
  attendanceBoard: ClipboardCheck,
  attendanceImport: FileUp,
  attendanceDaily: ClipboardList,
  attendanceTrends: TrendingUp,
  attendanceReminders: AlarmClock,
  attendanceCalendar: CalendarDays,
  attendanceShifts: Clock,
  attendanceGroups: UsersRound,
  attendanceRosters: Grid3x3,
  approvalRules: Workflow,
  approvals: FileCheck2,
};

function isActive(href: string, pathname: string): boolean {
  return href === "/console" ? pathname === "/console" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The console's side navigation, grouped; the server passes only the groups this viewer may see. */
export function ConsoleSidebar({ groups }: { groups: ConsoleNavGroup[] }) {
  const t = useTranslations("consoleNav");
  const pathname = usePathname() ?? "/console";
  return (
    <nav aria-label={t("label")} className="flex-1 space-y-5 overflow-y-auto px-3 py-4">
      {groups.map((g) => (
        <div key={g.key}>
          {g.key !== "overview" ? (
            <p className="px-3 pb-1.5 text-xs font-medium tracking-wide text-slate-400">{t(`groups.${g.key}`)}</p>
          ) : null}
          <ul className="space-y-0.5">
            {g.items.map((item) => {
              const Icon = ICONS[item.key];
              const active = isActive(item.href, pathname);
              return (
                <li key={item.key}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex h-10 items-center gap-3 rounded-lg px-3 text-sm transition-colors",
                      active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    <Icon className={cn("size-4", active ? "text-brand-600" : "text-slate-400")} aria-hidden />
                    {t(`items.${item.key}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
