// Roles: HR granted to people or a department, admins to people. Admins edit; HR reads. Managers need no setup.
import { getTranslations } from "next-intl/server";
import { ShieldCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { listGrants } from "@/lib/auth/grants";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { ForbiddenState } from "../identity/forbidden-state";
import { addGrantAction, removeGrantAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("roleSettings"))("title") };
}

const DONE = ["added", "removed"] as const;
const ERRORS = ["bad_request", "not_found", "conflict", "forbidden"] as const;

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const t = await getTranslations("roleSettings");
  const sp = await searchParams;
  const grants = await listGrants(await getDb(), viewer);
  const admin = viewer.roles.has("admin");
  const done = DONE.find((k) => k === sp.done);
  const error = ERRORS.find((k) => k === sp.error);

  return (
    <div className="space-y-6" data-testid="role-settings">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {done ? <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">{t(`done.${done}`)}</p> : null}
      {error ? <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">{t(`error.${error}`)}</p> : null}
      {!admin ? <p className="rounded-xl bg-slate-100 px-4 py-3 text-sm text-slate-600">{t("readOnly")}</p> : null}

      <div className="grid grid-cols-2 gap-5">
        {(["hr", "admin"] as const).map((role) => {
          const list = grants.filter((g) => g.role === role);
          return (
            <Card key={role} data-testid={`grants-${role}`}>
              <CardHeader>
                <CardTitle>{t(role)}</CardTitle>
              </CardHeader>
              <CardContent className="pt-2">
                {list.length === 0 ? (
                  <EmptyState icon={<ShieldCheck />} title={t("empty")} className="py-6" />
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {list.map((g) => (
                      <li key={g.id} className="flex items-center justify-between gap-3 py-2.5 text-sm" data-testid="grant">
                        <span className="flex items-center gap-2">
                          <Badge tone={g.target.kind === "department" ? "brand" : "neutral"}>{t(g.target.kind === "department" ? "department" : "person")}</Badge>
                          <span className="font-medium text-slate-900">{g.target.label}</span>
                          <span className="font-mono text-xs text-slate-500">{g.target.sub}</span>
                        </span>
                        {admin ? (
                          <form action={removeGrantAction}>
                            <input type="hidden" name="grantId" value={g.id} />
                            <Button size="sm" variant="ghost" type="submit">{t("remove")}</Button>
                          </form>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
                {admin ? (
                  <form action={addGrantAction} className="mt-4 flex items-center gap-2 border-t border-slate-100 pt-4">
                    <input type="hidden" name="role" value={role} />
                    <Select name="kind" defaultValue="employee" className="h-9 w-28 text-sm" aria-label={t("kind")}>
                      <option value="employee">{t("person")}</option>
                      {role === "hr" ? <option value="department">{t("department")}</option> : null}
                    </Select>
                    <Input name="key" required placeholder={t("keyPlaceholder")} className="h-9 flex-1 text-sm" aria-label={t("keyEmployee")} />
                    <Button size="sm" type="submit">{t("add")}</Button>
                  </form>
                ) : null}
              </CardContent>
            </Card>
          );
        })}
      </div>
    </div>
  );
}
