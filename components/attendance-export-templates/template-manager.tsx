"use client";
// 导出模板 manager: the list (edit, delete with a confirm step), and the editor — name, export kind, the columns to
// export picked from the catalogue, ordered with up/down buttons and renamed. Saves through
// /api/attendance/export-templates; a refusal shows the server's reason.
import * as React from "react";
import { ArrowDown, ArrowUp, FileSpreadsheet, Plus, X } from "lucide-react";
import { Button, Card, CardContent, EmptyState, Input, Select } from "@/components/ui";
import { useTranslations } from "@/i18n/client";
import type { DurationUnit, ExportTemplate, TemplateKind } from "@/lib/attendance/export-templates";
import { withUnitSuffix } from "@/lib/attendance/sheet-codes";

export type ColumnCatalogue = Record<TemplateKind, { key: string; label: string; unit?: DurationUnit }[]>;
type Draft = { id: number | null; name: string; kind: TemplateKind; columns: { key: string; header: string; unit?: DurationUnit }[] };

const blank = (catalogue: ColumnCatalogue): Draft => ({ id: null, name: "", kind: "sheet", columns: catalogue.sheet.slice(0, 3).map((c) => ({ key: c.key, header: "" })) });

async function send(url: string, method: string, body?: unknown): Promise<{ ok: true; json: unknown } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, { method, headers: body ? { "content-type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json().catch(() => null)) as { message?: string } | null;
    return res.ok ? { ok: true, json } : { ok: false, message: json?.message ?? `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, message: String(e) };
  }
}

export function TemplateManager({ initial, catalogue }: { initial: ExportTemplate[]; catalogue: ColumnCatalogue }) {
  const t = useTranslations("attendanceExportTemplates");
  const [templates, setTemplates] = React.useState(initial);
  const [draft, setDraft] = React.useState<Draft | null>(null);
  const [confirming, setConfirming] = React.useState<number | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [note, setNote] = React.useState<{ ok: boolean; text: string } | null>(null);
  const labelOf = (kind: TemplateKind, key: string) => catalogue[kind].find((c) => c.key === key)?.label ?? key;
  /** The header the file gets when none is typed: the default, its unit swapped when the column's unit was. */
  const defaultHeader = (kind: TemplateKind, c: { key: string; unit?: DurationUnit }) => (c.unit ? withUnitSuffix(labelOf(kind, c.key), t(`unitSuffix.${c.unit}`)) : labelOf(kind, c.key));

  const remove = async (tpl: ExportTemplate) => {
    setBusy(true);
    const r = await send(`/api/attendance/export-templates/${tpl.id}`, "DELETE");
    setBusy(false);
    setConfirming(null);
    if (!r.ok) return setNote({ ok: false, text: t("failed", { message: r.message }) });
    setTemplates((xs) => xs.filter((x) => x.id !== tpl.id));
    setNote({ ok: true, text: t("deleted") });
  };

  const save = async (d: Draft) => {
    setBusy(true);
    setNote(null);
    const body = { name: d.name, kind: d.kind, columns: d.columns };
    const r = d.id === null ? await send("/api/attendance/export-templates", "POST", body) : await send(`/api/attendance/export-templates/${d.id}`, "PUT", body);
    setBusy(false);
    if (!r.ok) return setNote({ ok: false, text: t("failed", { message: r.message }) });
    const saved = (r.json as { template: ExportTemplate; changed?: boolean }).template;
    setTemplates((xs) => (xs.some((x) => x.id === saved.id) ? xs.map((x) => (x.id === saved.id ? saved : x)) : [...xs, saved]));
    setDraft(null);
    setNote({ ok: true, text: (r.json as { changed?: boolean }).changed === false ? t("unchanged") : t("saved") });
  };

  const status = note ? (
    <p role={note.ok ? "status" : "alert"} data-testid="templates-note" className={`rounded-lg px-3 py-2 text-sm ${note.ok ? "bg-emerald-50 text-emerald-700" : "bg-rose-50 text-rose-700"}`}>
      {note.text}
    </p>
  ) : null;

  if (draft) return <TemplateEditor draft={draft} catalogue={catalogue} busy={busy} status={status} onCancel={() => (setDraft(null), setNote(null))} onSave={save} labelOf={labelOf} defaultHeader={defaultHeader} />;

  return (
    <div className="space-y-4" data-testid="templates-manager">
      {status}
      {templates.length === 0 ? (
        <Card>
          <EmptyState
            icon={<FileSpreadsheet />}
            title={t("emptyTitle")}
            description={t("emptyBody")}
            data-testid="templates-empty"
            action={
              <Button size="sm" onClick={() => setDraft(blank(catalogue))} data-testid="templates-create">
                <Plus /> {t("create")}
              </Button>
            }
          />
        </Card>
      ) : (
        <>
          <div className="flex justify-end">
            <Button size="sm" onClick={() => setDraft(blank(catalogue))} data-testid="templates-create">
              <Plus /> {t("create")}
            </Button>
          </div>
          <Card className="overflow-hidden">
            <table className="w-full text-left text-sm" data-testid="templates-list">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-4 py-2 font-medium">{t("name")}</th>
                  <th className="px-4 py-2 font-medium">{t("kind")}</th>
                  <th className="px-4 py-2 font-medium">{t("chosen")}</th>
                  <th className="px-4 py-2" />
                </tr>
              </thead>
              <tbody>
                {templates.map((x) => (
                  <tr key={x.id} className="border-t border-slate-100 align-top" data-testid={`template-row-${x.id}`}>
                    <td className="px-4 py-3 font-medium text-slate-800">{x.name}</td>
                    <td className="px-4 py-3 text-slate-600">{t(`kinds.${x.kind}`)}</td>
                    <td className="max-w-xl px-4 py-3 text-slate-600">
                      <span className="mr-2 text-xs text-slate-400">{t("columnsCount", { n: x.columns.length })}</span>
                      {x.columns.map((c) => c.header || defaultHeader(x.kind, c)).join(" · ")}
                    </td>
                    <td className="px-4 py-3 text-right whitespace-nowrap">
                      {confirming === x.id ? (
                        <span className="inline-flex items-center gap-2">
                          <span className="text-xs text-rose-700">{t("confirmDelete", { name: x.name })}</span>
                          <Button size="sm" variant="danger" disabled={busy} onClick={() => remove(x)} data-testid={`template-delete-confirm-${x.id}`}>
                            {t("delete")}
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                            {t("cancel")}
                          </Button>
                        </span>
                      ) : (
                        <span className="inline-flex gap-2">
                          <Button size="sm" variant="outline" onClick={() => (setNote(null), setDraft({ id: x.id, name: x.name, kind: x.kind, columns: x.columns.map((c) => ({ ...c })) }))} data-testid={`template-edit-${x.id}`}>
                            {t("edit")}
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirming(x.id)} data-testid={`template-delete-${x.id}`}>
                            {t("delete")}
                          </Button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </div>
  );
}

function TemplateEditor({
  draft: initial,
  catalogue,
  busy,
  status,
  onCancel,
  onSave,
  labelOf,
  defaultHeader,
}: {
  draft: Draft;
  catalogue: ColumnCatalogue;
  busy: boolean;
  status: React.ReactNode;
  onCancel: () => void;
  onSave: (d: Draft) => void;
  labelOf: (kind: TemplateKind, key: string) => string;
  defaultHeader: (kind: TemplateKind, c: { key: string; unit?: DurationUnit }) => string;
}) {
  const t = useTranslations("attendanceExportTemplates");
  const [d, setD] = React.useState(initial);
  const chosen = new Set(d.columns.map((c) => c.key));
  const defaultUnit = (key: string) => catalogue[d.kind].find((c) => c.key === key)?.unit;
  const setColumns = (f: (cs: Draft["columns"]) => Draft["columns"]) => setD((x) => ({ ...x, columns: f(x.columns) }));
  const move = (i: number, by: number) =>
    setColumns((cs) => {
      const next = [...cs];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  return (
    <form
      className="space-y-4"
      data-testid="template-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(d);
      }}
    >
      {status}
      <Card>
        <CardContent className="flex flex-wrap items-end gap-4 pt-5">
          <label className="text-sm text-slate-600">
            <span className="mb-1 block text-xs text-slate-500">{t("name")}</span>
            <Input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} className="h-9 w-72" data-testid="template-name" />
          </label>
          <label className="text-sm text-slate-600">
            <span className="mb-1 block text-xs text-slate-500">{t("kind")}</span>
            <Select
              value={d.kind}
              onChange={(e) => {
                const kind = e.target.value as TemplateKind;
                setD({ ...d, kind, columns: kind === d.kind ? d.columns : catalogue[kind].slice(0, 3).map((c) => ({ key: c.key, header: "" })) });
              }}
              className="h-9 w-48"
              data-testid="template-kind"
            >
              <option value="sheet">{t("kinds.sheet")}</option>
              <option value="detail">{t("kinds.detail")}</option>
            </Select>
          </label>
          <div className="ml-auto flex gap-2">
            <Button size="sm" variant="outline" onClick={onCancel}>
              {t("cancel")}
            </Button>
            <Button size="sm" type="submit" disabled={busy} data-testid="template-save">
              {busy ? t("saving") : t("save")}
            </Button>
          </div>
        </CardContent>
      </Card>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card>
          <CardContent className="pt-5">
            <h2 className="mb-3 text-sm font-medium text-slate-700">{t("available")}</h2>
            <ul className="max-h-[60vh] space-y-1 overflow-auto" data-testid="template-available">
              {catalogue[d.kind]
                .filter((c) => !chosen.has(c.key))
                .map((c) => (
                  <li key={c.key} className="flex items-center justify-between rounded-lg px-2 py-1 text-sm text-slate-700 hover:bg-slate-50">
                    <span>{c.label}</span>
                    <Button size="sm" variant="ghost" className="h-7" onClick={() => setColumns((cs) => [...cs, { key: c.key, header: "" }])} data-testid={`template-add-${c.key}`} aria-label={`${t("add")} ${c.label}`}>
                      <Plus /> {t("add")}
                    </Button>
                  </li>
                ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardContent className="pt-5">
            <h2 className="mb-3 text-sm font-medium text-slate-700">{t("chosen")}</h2>
            {d.columns.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t("noneChosen")}</p> : null}
            <ol className="space-y-1" data-testid="template-chosen">
              {d.columns.map((c, i) => (
                <li key={c.key} className="flex items-center gap-2 rounded-lg border border-slate-100 px-2 py-1" data-testid={`template-col-${c.key}`}>
                  <span className="w-6 text-right text-xs text-slate-400 tabular-nums">{i + 1}</span>
                  <span className="w-44 truncate text-sm text-slate-700" title={labelOf(d.kind, c.key)}>
                    {labelOf(d.kind, c.key)}
                  </span>
                  {c.key === "days" && d.kind === "sheet" ? (
                    <span className="flex-1 text-xs text-slate-400">—</span>
                  ) : (
                    <Input
                      value={c.header}
                      placeholder={t("defaultHeader", { header: defaultHeader(d.kind, c) })}
                      aria-label={`${t("header")} ${labelOf(d.kind, c.key)}`}
                      onChange={(e) => setColumns((cs) => cs.map((x, j) => (j === i ? { ...x, header: e.target.value } : x)))}
                      className="h-8 flex-1 text-sm"
                      data-testid={`template-header-${c.key}`}
                    />
                  )}
                  {defaultUnit(c.key) ? (
                    <Select
                      value={c.unit ?? defaultUnit(c.key)}
                      onChange={(e) => {
                        const unit = e.target.value as DurationUnit;
                        setColumns((cs) => cs.map((x, j) => (j === i ? { key: x.key, header: x.header, ...(unit === defaultUnit(c.key) ? {} : { unit }) } : x)));
                      }}
                      className="h-8 w-24 text-sm"
                      aria-label={`${t("unit")} ${labelOf(d.kind, c.key)}`}
                      data-testid={`template-unit-${c.key}`}
                    >
                      <option value="minutes">{t("units.minutes")}</option>
                      <option value="hours">{t("units.hours")}</option>
                    </Select>
                  ) : (
                    <span className="w-24" />
                  )}
                  <Button size="sm" variant="ghost" className="h-8 px-2" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("up")} data-testid={`template-up-${c.key}`}>
                    <ArrowUp />
                  </Button>
                  <Button size="sm" variant="ghost" className="h-8 px-2" disabled={i === d.columns.length - 1} onClick={() => move(i, 1)} aria-label={t("down")} data-testid={`template-down-${c.key}`}>
                    <ArrowDown />
                  </Button>
                  <Button size="sm" variant="ghost" className="h-8 px-2" onClick={() => setColumns((cs) => cs.filter((_, j) => j !== i))} aria-label={t("remove")} data-testid={`template-remove-${c.key}`}>
                    <X />
                  </Button>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>
    </form>
  );
}
