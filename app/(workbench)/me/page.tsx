// 我的 (me): who I am as the organisation knows me, language, sign-out.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ChevronRight, LayoutDashboard, LogOut } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { LocaleSwitch } from "@/components/shell/locale-switch";
import { PageBody, SectionHeader, TopBar } from "@/components/shell/top-bar";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ToastProvider } from "@/components/ui/toast";
import { requireViewer } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

const ROLE_ORDER: Role[] = ["admin", "hr", "manager", "employee"];

export async function generateMetadata() {
  const t = await getTranslations("me");
  return { title: t("title") };
}

export default async function MePage() {
  const viewer = await requireViewer();
  const t = await getTranslations("me");
  const tc = await getTranslations("common");
  const roles = ROLE_ORDER.filter((r) => viewer.roles.has(r));

  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        <Card className="flex items-center gap-4 px-4 py-5">
          <Avatar name={viewer.name} size="lg" />
          <div className="min-w-0">
            <h2 className="truncate text-lg font-semibold" data-testid="me-name">
              {viewer.name}
            </h2>
            <p className="truncate text-[13px] text-slate-500">{viewer.departmentName ?? tc("dash")}</p>
          </div>
        </Card>

        <section aria-labelledby="me-profile" className="space-y-2">
          <SectionHeader title={<span id="me-profile">{t("profile")}</span>} />
          <Card>
            <dl className="divide-y divide-slate-100 text-[15px]">
              <Row label={t("employeeNo")}>
                <span className="tabular-nums">{viewer.employeeNo}</span>
              </Row>
              <Row label={t("department")}>{viewer.departmentName ?? tc("dash")}</Row>
              <Row label={t("roles")}>
                <span className="flex flex-wrap justify-end gap-1.5">
                  {roles.map((r) => (
                    <Badge key={r} tone={r === "employee" ? "neutral" : "brand"}>
                      {t(`role.${r}`)}
                    </Badge>
                  ))}
                </span>
              </Row>
              <Row label={t("signedInVia")}>{t(`provider.${viewer.provider ?? "none"}`)}</Row>
            </dl>
          </Card>
        </section>

        <section aria-labelledby="me-language" className="space-y-2">
          <SectionHeader title={<span id="me-language">{t("language")}</span>} />
          <Card className="overflow-hidden">
            <ClientIntl namespaces={["locale"]}>
              <ToastProvider>
                <LocaleSwitch />
              </ToastProvider>
            </ClientIntl>
          </Card>
        </section>

        <Card className="overflow-hidden">
          {consoleScope(viewer) ? (
            <Link href="/console" className="flex h-12 items-center gap-3 border-b border-slate-100 px-4 text-[15px] active:bg-slate-50">
              <LayoutDashboard className="size-5 text-slate-400" aria-hidden />
              <span className="flex-1">{t("console")}</span>
              <ChevronRight className="size-5 text-slate-300" aria-hidden />
            </Link>
          ) : null}
          {/* A plain link: Auth.js's sign-out page confirms and clears the session. */}
          <Link prefetch={false} href="/api/auth/signout" className="flex h-12 items-center gap-3 px-4 text-[15px] text-rose-600 active:bg-slate-50">
            <LogOut className="size-5" aria-hidden />
            {t("signOut")}
          </Link>
        </Card>
        <p className="px-1 text-center text-xs leading-5 text-slate-400">
          {t("signOutHint")}
          <br />
          {t("about")}
        </p>
      </PageBody>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-12 items-center justify-between gap-4 px-4 py-2.5">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 text-right text-slate-900">{children}</dd>
    </div>
  );
}
