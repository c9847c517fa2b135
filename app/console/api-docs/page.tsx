// The pull API's documentation, rendered from the same OpenAPI document /api/v1/openapi.json serves.
import { getTranslations } from "next-intl/server";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { appUrl } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/oa-sync/api/openapi";
import { ForbiddenState } from "../identity/forbidden-state";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("apiDocs"))("title") };
}

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; description?: string; anyOf?: Schema[]; properties?: Record<string, Schema>; $ref?: string; items?: Schema };
interface Operation {
  summary: string;
  description: string;
  parameters?: { name: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  "x-required-scope": string;
}

function typeOf(s: Schema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.enum) return s.enum.map(String).join(" | ");
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "object");
  return s.format ? `${base} (${s.format})` : base;
}

export default async function ApiDocsPage() {
  const viewer = await requireViewer();
  if (!canSeeEveryone(viewer)) return <ForbiddenState />;
  const t = await getTranslations("apiDocs");
  const doc = buildOpenApiDocument(appUrl()) as {
    info: { description: string };
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const resolve = (ref?: string) => (ref ? doc.components.schemas[ref.split("/").pop()!] : undefined);

  return (
    <div className="space-y-6" data-testid="api-docs">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
          <p className="mt-2 font-mono text-sm text-slate-700">{doc.servers[0].url}</p>
        </div>
        <a href="/api/v1/openapi.json" className="flex h-9 items-center gap-1.5 rounded-xl border border-slate-200 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50" download>
          <Download className="size-4" aria-hidden />
          {t("download")}
        </a>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <Card>
          <CardHeader>
            <CardTitle>{t("paging")}</CardTitle>
          </CardHeader>
          <CardContent className="pt-1 text-sm leading-6 text-slate-600">{t("pagingBody")}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("errorsTitle")}</CardTitle>
          </CardHeader>
          <CardContent className="pt-1 text-sm leading-6 text-slate-600">{t("errorsBody")}</CardContent>
        </Card>
      </div>
      {Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => {
        // A feed documents the fields of one row of its page; a write documents the fields of one record it takes.
        const page = resolve(op.responses["200"]?.content?.["application/json"]?.schema.$ref);
        const body = resolve(op.requestBody?.content["application/json"]?.schema.$ref);
        const list = body ? Object.values(body.properties ?? {}).find((s) => s.items?.$ref) : undefined;
        const item = body ? resolve(list?.items?.$ref) : resolve(page?.properties?.data?.items?.$ref);
        return (
          <Card key={`${method} ${path}`} data-testid="api-path">
            <CardHeader>
              <div>
                <CardTitle className="flex items-center gap-2">
                  <Badge tone={method === "get" ? "success" : "warning"}>{method.toUpperCase()}</Badge>
                  <span className="font-mono">/api/v1{path}</span>
                </CardTitle>
                <CardDescription className="mt-1">
                  {op.summary} — {op.description}
                </CardDescription>
              </div>
              <Badge tone="brand">
                {t("scope")}: {op["x-required-scope"]}
              </Badge>
            </CardHeader>
            <CardContent className="space-y-4">
              {op.parameters?.length ? <div>
                <h3 className="mb-1.5 text-sm font-medium text-slate-700">{t("parameters")}</h3>
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>{t("param")}</TableHead>
                      <TableHead>{t("type")}</TableHead>
                      <TableHead>{t("required")}</TableHead>
                      <TableHead>{t("description")}</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {op.parameters.map((p) => (
                      <TableRow key={p.name}>
                        <TableCell className="font-mono text-xs">{p.name}</TableCell>
                        <TableCell className="text-xs text-slate-500">{typeOf(p.schema)}</TableCell>
                        <TableCell className="text-xs">{p.required ? t("yes") : t("no")}</TableCell>
                        <TableCell className="text-sm text-slate-600">{p.description}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div> : null}
              {item?.properties ? (
                <div>
                  <h3 className="mb-1.5 text-sm font-medium text-slate-700">{body ? t("bodyFields") : t("fields")}</h3>
                  <Table>
                    <TableHeader>
                      <TableRow>
                        <TableHead>{t("field")}</TableHead>
                        <TableHead>{t("type")}</TableHead>
                        <TableHead>{t("description")}</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {Object.entries(item.properties).map(([name, s]) => (
                        <TableRow key={name}>
                          <TableCell className="font-mono text-xs">{name}</TableCell>
                          <TableCell className="text-xs text-slate-500">{typeOf(s)}</TableCell>
                          <TableCell className="text-sm text-slate-600">{s.description ?? s.anyOf?.find((x) => x.description)?.description ?? ""}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              ) : null}
            </CardContent>
          </Card>
        );
      }))}
    </div>
  );
}
