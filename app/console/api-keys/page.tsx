// API keys for the OA's pull API: create (shown once), list, revoke. Admins only (HR sees the forbidden state).
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { BookOpen, KeyRound } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listApiKeys } from "@/lib/oa-sync/api/keys";
import { ForbiddenState } from "../identity/forbidden-state";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("apiKeys"))("title") };
}

const ERRORS = ["bad_request", "not_found", "forbidden"] as const;

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!viewer.roles.has("admin")) return <ForbiddenState audience="admin" />;
  const t = await getTranslations("apiKeys");
  const fmt = await getFormatter();
  const keys = await listApiKeys(await getDb(), viewer);
  const sp = await searchParams;
  const error = ERRORS.find((k) => k === sp.error);
  const dt = (v: Date | null) => (v ? fmt.dateTime(new Date(v), { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : t("neverUsed"));

  return (
    <div className="space-y-6" data-testid="api-keys">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <Link href="/console/api-docs" className="flex h-9 items-center gap-1.5 rounded-xl border border-slate-200 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50">
          <BookOpen className="size-4" aria-hidden />
          {t("docsLink")}
        </Link>
      </div>
      {sp.done === "revoked" ? <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status">{t("done.revoked")}</p> : null}
      {error ? <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">{t(`errors.${error}`)}</p> : null}
      <Card>
        <CardHeader>
          <CardTitle>{t("create")}</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateKeyForm defaultRate={env().OA_API_RATE_LIMIT_PER_MINUTE} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("list")}</CardTitle>
        </CardHeader>
        <CardContent>
          {keys.length === 0 ? (
            <EmptyState icon={<KeyRound />} title={t("empty")} className="py-8" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("name")}</TableHead>
                  <TableHead>{t("prefix")}</TableHead>
                  <TableHead>{t("scopes")}</TableHead>
                  <TableHead>{t("rateLimit")}</TableHead>
                  <TableHead>{t("createdAt")}</TableHead>
                  <TableHead>{t("lastUsed")}</TableHead>
                  <TableHead>{t("state")}</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {keys.map((k) => (
                  <TableRow key={k.id} data-testid="api-key-row">
                    <TableCell className="font-medium text-slate-900">{k.name}</TableCell>
                    <TableCell className="font-mono text-xs text-slate-600">{k.prefix}…</TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {k.scopes.map((s) => (
                          <Badge key={s} tone="brand">
                            {t(`scope.${s as "meetings:read"}`)}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="tabular-nums">{k.rateLimitPerMinute}</TableCell>
                    <TableCell className="text-sm text-slate-500">{dt(k.createdAt)}</TableCell>
                    <TableCell className="text-sm text-slate-500">{dt(k.lastUsedAt)}</TableCell>
                    <TableCell>{k.revokedAt ? <Badge tone="danger">{t("revoked")}</Badge> : <Badge tone="success">{t("active")}</Badge>}</TableCell>
                    <TableCell>
                      {!k.revokedAt ? (
                        <form action={revokeApiKeyAction}>
                          <input type="hidden" name="id" value={k.id} />
                          <Button size="sm" variant="ghost" type="submit" className="text-rose-600 hover:text-rose-700" data-testid="revoke-key">
                            {t("revoke")}
                          </Button>
                        </form>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
