// The PC console shell: grouped side navigation (only what the viewer's roles allow) and a header with the user.
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowLeft, CalendarCheck2 } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { ConsoleSidebar } from "@/components/shell/console-sidebar";
import { Avatar } from "@/components/ui/avatar";
import { ToastProvider } from "@/components/ui/toast";
import { requireViewer } from "@/lib/auth/session";
import { consoleNavFor, consoleScope } from "@/lib/ui/console-access";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  // Employees without a team have no console: back to the workbench with a message saying why.
  if (!consoleScope(viewer)) redirect("/?notice=console_forbidden");
  const t = await getTranslations("consoleNav");
  const tApp = await getTranslations("app");

  // The console is a PC app: every namespace for its client components, and toasts.
  return (
    <ClientIntl>
      <ToastProvider>
        <div className="flex min-h-dvh bg-slate-50">
          <aside className="sticky top-0 flex h-dvh w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
            <Link href="/console" className="flex h-16 items-center gap-2.5 border-b border-slate-100 px-5">
              <span className="flex size-8 items-center justify-center rounded-lg bg-brand-500 text-white">
                <CalendarCheck2 className="size-[18px]" aria-hidden />
              </span>
              <span className="leading-tight">
                <span className="block text-[15px] font-semibold text-slate-900">{tApp("name")}</span>
                <span className="block text-xs text-slate-500">{tApp("consoleName")}</span>
              </span>
            </Link>
            <ConsoleSidebar groups={consoleNavFor(viewer)} />
          </aside>
          <div className="flex min-w-0 flex-1 flex-col">
            <header className="sticky top-0 z-20 flex h-16 items-center justify-end gap-4 border-b border-slate-200 bg-white/90 px-8 backdrop-blur">
              <Link
                href="/"
                className="flex h-9 items-center gap-1.5 rounded-lg px-3 text-sm text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900"
              >
                <ArrowLeft className="size-4" aria-hidden />
                {t("backToWorkbench")}
              </Link>
              <span className="h-6 w-px bg-slate-200" aria-hidden />
              <div className="flex items-center gap-2.5" data-testid="console-user">
                <Avatar name={viewer.name} size="sm" />
                <div className="leading-tight">
                  <p className="text-sm font-medium text-slate-900">{viewer.name}</p>
                  <p className="text-xs text-slate-500">{viewer.departmentName ?? viewer.employeeNo}</p>
                </div>
              </div>
              <Link prefetch={false} href="/api/auth/signout" className="text-sm text-slate-500 hover:text-slate-900">
                {t("signOut")}
              </Link>
            </header>
            <main className="mx-auto w-full max-w-[1200px] flex-1 px-8 py-7">{children}</main>
          </div>
        </div>
      </ToastProvider>
    </ClientIntl>
  );
}
