// 审批日志导出 (issue 15 item 7): every act on the items the console's filters select — submit, view, decide, transfer,
// withdraw, remind, escalate, write-back and the source's answer — with who, when, from which client and the comment,
// oldest first, as CSV or XLSX through the one streaming plumbing (lib/exports/stream: keyset batches, CSV formula
// neutralising, times in ORG_TIMEZONE). Column headers and act names from messages approvalsConsole.log.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loadMessages } from "@/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";
import { keysetRows, orgTime, type Cell, type ExportLocale, type TableStream } from "@/lib/exports/stream";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { detailOf } from "./detail";
import { approvalsConsoleQuery, assertCanReadApprovalConsole, checkedFilterWhere, type ApprovalsConsoleQuery } from "./queries";

export const LOG_COLUMNS = ["at", "itemId", "externalId", "source", "title", "act", "actor", "actorNo", "client", "comment", "detail"] as const;
const WIDTHS = [19, 8, 18, 10, 32, 14, 12, 12, 18, 30, 30];

export interface LogRow {
  id: number;
  itemId: number;
  externalId: string;
  source: string;
  title: string;
  kind: string;
  actorName: string | null;
  actorNo: string | null;
  client: string;
  comment: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** The audit events of the filtered items, oldest first, keyset-paged on (at, id). */
export function approvalLogRows(db: Db, viewer: Viewer, q: ApprovalsConsoleQuery, now = new Date()): AsyncGenerator<LogRow> {
  let where: SQL | undefined;
  return keysetRows(
    async (after: { at: string; id: number } | undefined, limit) => {
      where ??= await checkedFilterWhere(db, viewer, q, now);
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(sql`
          SELECT ev.id, ev.item_id, i.external_id, i.source::text AS source, i.title, ev.kind, e.name AS actor_name, e.employee_no AS actor_no,
                 ev.client, ev.comment, ev.details, ev.at, to_char(ev.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key
            FROM approval_events ev
            JOIN approval_items i ON i.id = ev.item_id
            LEFT JOIN employees e ON e.id = ev.actor_id
           WHERE ${where} ${after ? sql`AND (ev.at, ev.id) > (${after.at}::timestamptz, ${after.id})` : sql``}
           ORDER BY ev.at, ev.id
           LIMIT ${limit}`),
      );
      return rows.map((r) => ({
        id: Number(r.id),
        itemId: Number(r.item_id),
        externalId: String(r.external_id),
        source: String(r.source),
        title: String(r.title),
        kind: String(r.kind),
        actorName: (r.actor_name as string | null) ?? null,
        actorNo: (r.actor_no as string | null) ?? null,
        client: String(r.client),
        comment: (r.comment as string | null) ?? null,
        details: (typeof r.details === "string" ? JSON.parse(r.details) : (r.details ?? {})) as Record<string, unknown>,
        at: new Date(r.at as string),
        atKey: String(r.at_key),
      }));
    },
    (r) => ({ at: (r as LogRow & { atKey: string }).atKey, id: r.id }),
    500,
  );
}

interface LogLabels {
  file: string;
  sheet: string;
  columns: Record<(typeof LOG_COLUMNS)[number], string>;
  acts: Record<string, string>;
  sources: Record<string, string>;
  outcomes: Record<string, string>;
  answers: Record<string, string>;
  system: string;
}

/** The table to stream and the localised file name. Parses the filters (ZodError → 400), checks the role (403). */
export async function approvalLogExport(db: Db, viewer: Viewer, params: Record<string, string>, locale: ExportLocale, now = new Date()): Promise<{ table: TableStream; local: string }> {
  assertCanReadApprovalConsole(viewer);
  const { page: _page, ...q } = approvalsConsoleQuery.parse(params);
  await checkedFilterWhere(db, viewer, q, now); // a department out of scope is a 404 before the download starts
  const l = ((await loadMessages(locale)).approvalsConsole as { log: LogLabels }).log;
  async function* cells(): AsyncGenerator<Cell[]> {
    for await (const r of approvalLogRows(db, viewer, q, now)) {
      yield [
        orgTime(r.at),
        r.itemId,
        r.externalId,
        l.sources[r.source] ?? r.source,
        r.title,
        l.acts[r.kind] ?? r.kind,
        r.actorName ?? l.system,
        r.actorNo,
        r.client,
        r.comment,
        detailOf(r, l),
      ];
    }
  }
  return { local: l.file, table: { sheet: l.sheet, header: LOG_COLUMNS.map((c) => l.columns[c]), widths: WIDTHS, rows: cells() } };
}
