// The workbench's fixed bottom tab bar: 首页 / 会议 / 考勤 / 待办 / 我的, above the phone's home indicator.
// Labels and icons are rendered here, on the server; the client part (tab-links) only marks the current tab, so
// the bar ships neither next-intl's client runtime nor the icon library to phones (issue 12).
import { getTranslations } from "next-intl/server";
import { CalendarCheck, CalendarClock, House, ListTodo, UserRound } from "lucide-react";
import { TabLinks, type Tab } from "./tab-links";

const TABS = [
  { key: "home", href: "/", Icon: House },
  { key: "meetings", href: "/meetings", Icon: CalendarCheck },
  { key: "attendance", href: "/attendance", Icon: CalendarClock },
  { key: "todos", href: "/todos", Icon: ListTodo },
  { key: "me", href: "/me", Icon: UserRound },
] as const;

export async function TabBar() {
  const t = await getTranslations("tabs");
  const tabs: Tab[] = TABS.map(({ key, href, Icon }) => ({
    key,
    href,
    label: t(key),
    icon: <Icon className="size-[22px]" strokeWidth={1.75} aria-hidden />,
    activeIcon: <Icon className="size-[22px]" strokeWidth={2.25} aria-hidden />,
  }));
  return (
    <nav
      aria-label={t("label")}
      className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200/80 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur supports-[backdrop-filter]:bg-white/85"
    >
      <TabLinks tabs={tabs} />
    </nav>
  );
}
