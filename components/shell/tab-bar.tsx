"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { CalendarCheck, CalendarClock, House, ListTodo, UserRound } from "lucide-react";
import { cn } from "@/components/ui/cn";

const TABS = [
  { key: "home", href: "/", icon: House },
  { key: "meetings", href: "/meetings", icon: CalendarCheck },
  { key: "attendance", href: "/attendance", icon: CalendarClock },
  { key: "todos", href: "/todos", icon: ListTodo },
  { key: "me", href: "/me", icon: UserRound },
] as const;

export function isTabActive(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The workbench's fixed bottom tab bar: 首页 / 会议 / 考勤 / 待办 / 我的, above the phone's home indicator. */
export function TabBar() {
  const t = useTranslations("tabs");
  const pathname = usePathname() ?? "/";
  return (
    <nav
      aria-label={t("label")}
      className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200/80 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur supports-[backdrop-filter]:bg-white/85"
    >
      <ul className="mx-auto flex max-w-[560px]">
        {TABS.map(({ key, href, icon: Icon }) => {
          const active = isTabActive(href, pathname);
          return (
            <li key={key} className="flex-1">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                data-testid={`tab-${key}`}
                className={cn(
                  "flex h-14 flex-col items-center justify-center gap-0.5 text-[11px] font-medium transition-colors",
                  active ? "text-brand-600" : "text-slate-500 active:text-slate-700",
                )}
              >
                <Icon className="size-[22px]" strokeWidth={active ? 2.25 : 1.75} aria-hidden />
                {t(key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
