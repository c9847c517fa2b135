// People in the viewer's scope (HR/admin: everyone; managers: their subtrees) with their sign-in identities.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Search, Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ExportButtons } from "@/components/exports/export-buttons";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { listPeople, PAGE_SIZE, peopleQuery } from "@/lib/identity/people";
import { ForbiddenState } from "../identity/forbidden-state";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("people"))("title") };
}

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("people");
  const tId = await getTranslations("identity");
  const everyone = canSeeEveryone(viewer);
  if (!everyone && viewer.managedPaths.length === 0) return <ForbiddenState />;
  const q = peopleQuery.parse(await searchParams);
  const { rows, total } = await listPeople(await getDb(), viewer, q);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const href = (over: Partial<typeof q>) => {
    const p = new URLSearchParams();
    const m = { ...q, ...over };
    if (m.q) p.set("q", m.q);
    if (m.status !== "active") p.set("status", m.status);
    if (m.page > 1) p.set("page", String(m.page));
    const s = p.toString();
    return `/console/people${s ? `?${s}` : ""}`;
  };

  return (
    <div className="space-y-6" data-testid="people-page">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{everyone ? t("subtitleAll") : t("subtitleScoped")}</p>
        </div>
        <div className="flex items-center gap-4">
          <p className="text-sm text-slate-500" data-testid="people-total">{t("total", { n: total })}</p>
          <ExportButtons report="people" params={{ q: q.q, status: q.status }} />
        </div>
      </div>

      <div className="flex items-center gap-3">
        <form className="relative w-80" action="/console/people">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <Input name="q" defaultValue={q.q ?? ""} placeholder={t("search")} className="h-10 pl-9 text-sm" />
          {q.status !== "active" ? <input type="hidden" name="status" value={q.status} /> : null}
        </form>
        <nav className="flex gap-1 rounded-xl bg-slate-100 p-1 text-sm">
          {(["active", "departed", "all"] as const).map((s) => (
            <Link key={s} href={href({ status: s, page: 1 })} className={`rounded-lg px-3 py-1.5 ${s === q.status ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}>
              {t(`status.${s}`)}
            </Link>
          ))}
        </nav>
      </div>

      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <EmptyState icon={<Users />} title={t("empty")} description={t("emptyHint")} />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("col.name")}</TableHead>
                <TableHead>{t("col.employeeNo")}</TableHead>
                <TableHead>{t("col.department")}</TableHead>
                <TableHead>{t("col.title")}</TableHead>
                <TableHead>{t("col.status")}</TableHead>
                <TableHead>{t("col.identities")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.id} data-testid="person-row" data-employee-no={p.employeeNo}>
                  <TableCell className="px-4 py-2.5 font-medium">
                    <Link href={`/console/people/${p.id}`} className="text-slate-900 hover:text-brand-600">{p.name}</Link>
                  </TableCell>
                  <TableCell className="px-4 tabular-nums text-slate-600">{p.employeeNo}</TableCell>
                  <TableCell className="px-4 text-slate-600">{p.departmentName ?? "—"}</TableCell>
                  <TableCell className="px-4 text-slate-600">{p.title ?? "—"}</TableCell>
                  <TableCell className="px-4">
                    <Badge tone={p.status === "active" ? "success" : "neutral"}>{t(`status.${p.status}`)}</Badge>
                  </TableCell>
                  <TableCell className="px-4">
                    <div className="flex flex-wrap gap-1">
                      {p.providers.length === 0 ? <span className="text-xs text-amber-600">{t("noIdentity")}</span> : null}
                      {p.providers.map((i) => (
                        <Badge key={`${i.provider}:${i.externalId}`} tone="brand" title={i.externalId}>
                          {tId(`provider.${i.provider === "dingtalk" ? "dingtalk" : "wecom"}`)}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      {pages > 1 ? (
        <div className="flex items-center justify-end gap-2 text-sm">
          {q.page > 1 ? <Link className="rounded-lg border border-slate-200 bg-white px-3 py-1.5 hover:bg-slate-50" href={href({ page: q.page - 1 })}>{t("prev")}</Link> : null}
          <span className="text-slate-500">{q.page} / {pages}</span>
          {q.page < pages ? <Link className="rounded-lg border border-slate-200 bg-white px-3 py-1.5 hover:bg-slate-50" href={href({ page: q.page + 1 })}>{t("next")}</Link> : null}
        </div>
      ) : null}
    </div>
  );
}
