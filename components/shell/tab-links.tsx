"use client";
// The tab bar's links (components/shell/tab-bar.tsx renders labels and icons on the server): marks the current tab
// from the path, which changes on client-side navigation while the layout stays.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { clsx } from "clsx";

export interface Tab {
  key: string;
  href: string;
  label: string;
  icon: React.ReactNode;
  activeIcon: React.ReactNode;
}

export function isTabActive(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function TabLinks({ tabs }: { tabs: Tab[] }) {
  const pathname = usePathname() ?? "/";
  return (
    <ul className="mx-auto flex max-w-[560px]">
      {tabs.map(({ key, href, label, icon, activeIcon }) => {
        const active = isTabActive(href, pathname);
        return (
          <li key={key} className="flex-1">
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              data-testid={`tab-${key}`}
              className={clsx(
                "flex h-14 flex-col items-center justify-center gap-0.5 text-[11px] font-medium transition-colors",
                active ? "text-brand-600" : "text-slate-500 active:text-slate-700",
              )}
            >
              {active ? activeIcon : icon}
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
