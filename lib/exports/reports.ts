// The console's downloadable reports (GET /api/exports/<name>?format=csv|xlsx&<the page's filters>): for each, who may
// download it (the page's rule), its filters (the page's, but strict: a bad value is a 400, not silently dropped),
// its rows (the page's scope and filter helpers, keyset-paged), and its columns. Headers, value labels and file
// names come from messages/<locale>/exports.json; times are written in the organisation's time zone.
import "server-only";
import { and, asc, desc, eq, gt, inArray, like, lt, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, identities, identityConflicts, inboxEvents, leaves, meetings, notificationOutbox, oaOutbox, syncRuns, unmatchedParticipants } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { loadMessages } from "@/i18n/messages";
import { conflictStatus } from "@/lib/identity/conflicts";
import { maskMobile, peopleWhere } from "@/lib/identity/people";
import { assertCanRead as assertCanReadInbox, INBOX_ROW, inboxWhere, maskPersonalData, SOURCES, STATUSES } from "@/lib/ingest/queries";
import { assertCanReadLeaves, employeeScope as leaveScope, LEAVE_LINE } from "@/lib/meetings/leave-queries";
import { consoleMeetings, unmatchedWhere } from "@/lib/meetings/queries";
import { canSeeDelivery, DELIVERY_LINE, deliveryWhere, maskEmployeeNo, maskName, redactError } from "@/lib/notifications/delivery-queries";
import { consoleScope } from "@/lib/ui/console-access";
import { keysetRows, orgTime, type Cell, type ExportLocale, type TableStream } from "./stream";
import { isoDate } from "@/lib/validation";

type Tr = (group: string, value: string | null | undefined) => string | null;

interface Column<R> {
  key: string;
  width?: number;
  value: (r: R, tr: Tr) => Cell;
}

interface ReportDef<Q, R> {
  /** ASCII file name stem (the localised one is messages exports.<name>.file). */
  ascii: string;
  /** Throws 403 when the viewer may not see the page. Runs before the query is parsed. */
  authorize(viewer: Viewer): void;
  query: z.ZodType<Q>;
  columns: Column<R>[];
  rows(db: Db, viewer: Viewer, q: Q): AsyncIterable<R>;
}

export interface ExportReport {
  ascii: string;
  authorize(viewer: Viewer): void;
  /** Parse the filters (ZodError → 400), then the table to stream and the localised file name stem. */
  open(db: Db, viewer: Viewer, params: Record<string, string>, locale: ExportLocale): Promise<{ table: TableStream; local: string }>;
}

interface Labels {
  file: string;
  sheet: string;
  columns: Record<string, string>;
}

async function labelsOf(locale: ExportLocale, name: string): Promise<{ labels: Labels; tr: Tr }> {
  const all = (await loadMessages(locale)).exports as { values: Record<string, Record<string, string>> } & Record<string, Labels>;
  const labels = all[name];
  if (!labels) throw new Error(`messages exports.${name} missing (${locale})`);
  return { labels, tr: (group, v) => (v === null || v === undefined ? null : (all.values[group]?.[v] ?? v)) };
}

function defineReport<Q, R>(name: string, d: ReportDef<Q, R>): ExportReport {
  return {
    ascii: d.ascii,
    authorize: d.authorize,
    async open(db, viewer, params, locale) {
      const q = d.query.parse(params);
      const { labels, tr } = await labelsOf(locale, name);
      async function* cells(): AsyncGenerator<Cell[]> {
        for await (const r of d.rows(db, viewer, q)) yield d.columns.map((c) => c.value(r, tr));
      }
      return {
        local: labels.file,
        table: { sheet: labels.sheet, header: d.columns.map((c) => labels.columns[c.key] ?? c.key), widths: d.columns.map((c) => c.width ?? 14), rows: cells() },
      };
    },
  };
}

/** An optional filter: absent or empty (a form's blank field) both mean "no filter"; anything else must be valid. */
const opt = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());
const noFilters = z.object({}).strict();

/** Newest first by a bigserial id, keyset-paged: `page` gets "id < the previous page's last" (undefined at first). */
function newestFirst<R>(id: AnyColumn, page: (older: SQL | undefined, limit: number) => Promise<R[]>, idOf: (r: R) => number): AsyncGenerator<R> {
  return keysetRows((after: number | undefined, limit) => page(after === undefined ? undefined : lt(id, after), limit), idOf);
}

const hrOnly = (what: string) => (viewer: Viewer) => {
  if (!canSeeEveryone(viewer)) throw forbidden(`${what} are for HR and admins`);
};

/* ---------- 人员 (console/people): the viewer's scope, search and status like the page ---------- */

const people = defineReport("people", {
  ascii: "people",
  authorize(viewer) {
    if (!consoleScope(viewer)) throw forbidden("people are for HR and managers");
  },
  query: z.object({ q: opt(z.string().trim().max(64)), status: opt(z.enum(["active", "departed", "all"])).transform((s) => s ?? "active") }).strict(),
  rows: (db, viewer, q) =>
    keysetRows(
      async (after: string | undefined, limit) => {
        const rows = await db
          .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, title: employees.title, status: employees.status, department: departments.name })
          .from(employees)
          .leftJoin(departments, eq(departments.id, employees.departmentId))
          .where(and(peopleWhere(viewer, q), after === undefined ? undefined : gt(employees.employeeNo, after)))
          .orderBy(asc(employees.employeeNo))
          .limit(limit);
        const links = rows.length
          ? await db
              .select({ employeeId: identities.employeeId, provider: identities.provider, externalId: identities.externalId })
              .from(identities)
              .where(inArray(identities.employeeId, rows.map((r) => r.id)))
              .orderBy(asc(identities.provider))
          : [];
        return rows.map((r) => ({ ...r, links: links.filter((l) => l.employeeId === r.id) }));
      },
      (r) => r.employeeNo,
    ),
  columns: [
    { key: "employeeNo", width: 12, value: (r) => r.employeeNo },
    { key: "name", width: 12, value: (r) => r.name },
    { key: "department", width: 20, value: (r) => r.department },
    { key: "title", width: 16, value: (r) => r.title },
    { key: "status", width: 8, value: (r, tr) => tr("employeeStatus", r.status) },
    { key: "identities", width: 36, value: (r, tr) => r.links.map((l) => `${tr("provider", l.provider)}:${l.externalId}`).join("; ") },
  ],
});

/* ---------- 身份冲突 (console/identity): the queue by status; mobiles masked like the page ---------- */

const identityConflictsReport = defineReport("identityConflicts", {
  ascii: "identity-conflicts",
  authorize: hrOnly("identity conflicts"),
  query: z.object({ status: opt(conflictStatus).transform((s) => s ?? "open") }).strict(),
  rows: (db, _viewer, q) =>
    newestFirst(
      identityConflicts.id,
      async (older, limit) => {
        const rows = await db
          .select()
          .from(identityConflicts)
          .where(and(eq(identityConflicts.status, q.status), older))
          .orderBy(desc(identityConflicts.id))
          .limit(limit);
        const ids = [...new Set(rows.flatMap((r) => [...r.candidateEmployeeIds, ...(r.resolvedEmployeeId ? [r.resolvedEmployeeId] : [])]))];
        const people = ids.length ? await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).where(inArray(employees.id, ids)) : [];
        const who = (id: number) => people.find((p) => p.id === id);
        const label = (id: number) => (who(id) ? `${who(id)!.name} (${who(id)!.employeeNo})` : `#${id}`);
        return rows.map((r) => ({ ...r, candidates: r.candidateEmployeeIds.map(label).join("; "), resolved: r.resolvedEmployeeId ? label(r.resolvedEmployeeId) : null }));
      },
      (r) => r.id,
    ),
  columns: [
    { key: "id", width: 8, value: (r) => r.id },
    { key: "provider", width: 10, value: (r, tr) => tr("provider", r.provider) },
    { key: "externalId", width: 20, value: (r) => r.externalId },
    { key: "reason", width: 12, value: (r, tr) => tr("conflictReason", r.reason) },
    { key: "status", width: 8, value: (r, tr) => tr("conflictStatus", r.status) },
    { key: "name", width: 12, value: (r) => (r.evidence.name as string | undefined) ?? null },
    { key: "employeeNo", width: 12, value: (r) => (r.evidence.employeeNo as string | undefined) ?? null },
    { key: "mobile", width: 14, value: (r) => (r.evidence.mobile ? maskMobile(r.evidence.mobile as string) : null) },
    { key: "email", width: 22, value: (r) => (r.evidence.email as string | undefined) ?? null },
    { key: "candidates", width: 30, value: (r) => r.candidates },
    { key: "resolved", width: 16, value: (r) => r.resolved },
    { key: "createdAt", width: 19, value: (r) => orgTime(r.createdAt) },
    { key: "updatedAt", width: 19, value: (r) => orgTime(r.updatedAt) },
  ],
});

/* ---------- 会议管理 (console/meetings): the meetings list in the viewer's scope, every row (the page shows 100) ---------- */

const meetingsReport = defineReport("meetings", {
  ascii: "meetings",
  authorize(viewer) {
    if (!consoleScope(viewer)) throw forbidden("the console is for HR and managers");
  },
  query: noFilters,
  rows: (db, viewer) => keysetRows((after: { startsAt: Date; id: number } | undefined, limit) => consoleMeetings(db, viewer, { limit, after }), (r) => ({ startsAt: r.startsAt, id: r.id })),
  columns: [
    { key: "id", width: 8, value: (r) => r.id },
    { key: "title", width: 28, value: (r) => r.title },
    { key: "startsAt", width: 19, value: (r) => orgTime(r.startsAt) },
    { key: "endsAt", width: 19, value: (r) => orgTime(r.endsAt) },
    { key: "organiser", width: 12, value: (r) => r.organiser },
    { key: "source", width: 12, value: (r, tr) => tr("meetingSource", r.source) },
    { key: "invited", width: 8, value: (r) => r.invited },
    { key: "present", width: 8, value: (r) => r.present },
    { key: "onLeave", width: 8, value: (r) => r.on_leave },
    // Empty until the meeting is final (lib/meetings/figures): a rate during the meeting would be a guess.
    { key: "rate", width: 10, value: (r) => (r.figures.attendanceRate === null ? null : Math.round(r.figures.attendanceRate * 1000) / 10) },
  ],
});

/* ---------- 未匹配参会人 (console/meetings): open ones; HR all, organisers their meetings' ---------- */

const unmatched = defineReport("unmatched", {
  ascii: "unmatched-participants",
  authorize(viewer) {
    if (!consoleScope(viewer)) throw forbidden("the console is for HR and managers");
  },
  query: z.object({ meetingId: opt(z.coerce.number().int().positive()) }).strict(),
  rows: (db, viewer, q) =>
    newestFirst(
      unmatchedParticipants.id,
      (older, limit) =>
        db
          .select({ u: unmatchedParticipants, meetingTitle: meetings.title })
          .from(unmatchedParticipants)
          .leftJoin(meetings, eq(meetings.id, unmatchedParticipants.meetingId))
          .where(and(unmatchedWhere(viewer, q), older))
          .orderBy(desc(unmatchedParticipants.id))
          .limit(limit),
      (r) => r.u.id,
    ),
  columns: [
    { key: "id", width: 8, value: (r) => r.u.id },
    { key: "source", width: 12, value: (r, tr) => tr("source", r.u.source) },
    { key: "externalUserId", width: 20, value: (r) => r.u.externalUserId },
    { key: "displayName", width: 14, value: (r) => r.u.displayName },
    { key: "email", width: 22, value: (r) => r.u.email },
    { key: "meeting", width: 28, value: (r) => r.meetingTitle },
    { key: "firstSeenAt", width: 19, value: (r) => orgTime(r.u.firstSeenAt) },
    { key: "lastSeenAt", width: 19, value: (r) => orgTime(r.u.lastSeenAt) },
  ],
});

/* ---------- OA 同步 (console/sync): outbox rows by sink and status (dead letters by default), reconciliation runs ---------- */

const syncReaders = (viewer: Viewer) => {
  if (!viewer.roles.has("admin") && !viewer.roles.has("hr")) throw forbidden("sync health is for HR and admins");
};

const OA_STATUSES = ["pending", "delivered", "dead", "skipped", "superseded"] as const;

const syncOutbox = defineReport("syncOutbox", {
  ascii: "oa-outbox",
  authorize: syncReaders,
  query: z.object({ sink: opt(z.enum(["none", "postgres", "http"])), status: opt(z.enum(OA_STATUSES)).transform((s) => s ?? "dead") }).strict(),
  rows: (db, _viewer, q) =>
    newestFirst(
      oaOutbox.id,
      (older, limit) =>
        db
          .select({
            id: oaOutbox.id,
            sink: oaOutbox.sink,
            idempotencyKey: oaOutbox.idempotencyKey,
            aggregateType: oaOutbox.aggregateType,
            aggregateId: oaOutbox.aggregateId,
            version: oaOutbox.version,
            status: oaOutbox.status,
            attempts: oaOutbox.attempts,
            failureReason: oaOutbox.failureReason,
            lastStatusCode: oaOutbox.lastStatusCode,
            lastError: oaOutbox.lastError,
            createdAt: oaOutbox.createdAt,
            deliveredAt: oaOutbox.deliveredAt,
          })
          .from(oaOutbox)
          .where(and(eq(oaOutbox.status, q.status), q.sink ? eq(oaOutbox.sink, q.sink) : undefined, older))
          .orderBy(desc(oaOutbox.id))
          .limit(limit),
      (r) => r.id,
    ),
  columns: [
    { key: "id", width: 8, value: (r) => r.id },
    { key: "sink", width: 10, value: (r, tr) => tr("sink", r.sink) },
    { key: "record", width: 30, value: (r) => r.idempotencyKey },
    { key: "aggregate", width: 22, value: (r) => `${r.aggregateType}:${r.aggregateId}` },
    { key: "version", width: 8, value: (r) => r.version },
    { key: "status", width: 10, value: (r, tr) => tr("oaStatus", r.status) },
    { key: "attempts", width: 8, value: (r) => r.attempts },
    { key: "reason", width: 14, value: (r, tr) => tr("oaReason", r.failureReason) },
    { key: "statusCode", width: 8, value: (r) => r.lastStatusCode },
    { key: "error", width: 40, value: (r) => (r.lastError ? (maskPersonalData(r.lastError) as string) : null) },
    { key: "createdAt", width: 19, value: (r) => orgTime(r.createdAt) },
    { key: "deliveredAt", width: 19, value: (r) => orgTime(r.deliveredAt) },
  ],
});

const syncRunsReport = defineReport("syncRuns", {
  ascii: "reconcile-runs",
  authorize: syncReaders,
  query: z.object({ source: opt(z.enum(["tencent_meeting", "zoom"])) }).strict(),
  rows: (db, _viewer, q) =>
    newestFirst(
      syncRuns.id,
      (older, limit) =>
        db
          .select()
          .from(syncRuns)
          .where(and(like(syncRuns.kind, "reconcile%"), q.source ? eq(syncRuns.source, q.source) : undefined, older))
          .orderBy(desc(syncRuns.id))
          .limit(limit),
      (r) => r.id,
    ),
  columns: [
    { key: "id", width: 8, value: (r) => r.id },
    { key: "source", width: 12, value: (r, tr) => tr("source", r.source) },
    { key: "kind", width: 14, value: (r) => r.kind },
    { key: "status", width: 10, value: (r, tr) => tr("runStatus", r.status) },
    { key: "startedAt", width: 19, value: (r) => orgTime(r.startedAt) },
    { key: "finishedAt", width: 19, value: (r) => orgTime(r.finishedAt) },
    { key: "windowStart", width: 19, value: (r) => orgTime(r.windowStart) },
    { key: "windowEnd", width: 19, value: (r) => orgTime(r.windowEnd) },
    { key: "meetingId", width: 10, value: (r) => (r.details as { meetingId?: number | null }).meetingId ?? null },
    { key: "checked", width: 8, value: (r) => Number((r.details as { checked?: number }).checked ?? 0) },
    { key: "meetings", width: 8, value: (r) => Number((r.details as { meetings?: number }).meetings ?? 0) },
    { key: "added", width: 8, value: (r) => r.added },
    { key: "errorCount", width: 8, value: (r) => r.errorCount },
    { key: "firstError", width: 40, value: (r) => (r.errors[0] ? (maskPersonalData(r.errors[0]) as string) : null) },
    { key: "watermark", width: 19, value: (r) => orgTime(r.watermark) },
  ],
});

/* ---------- 接入状态 (console/integrations): the inbox browser's filters; payload masked like the page, no raw body ---------- */

const inbox = defineReport("inbox", {
  ascii: "inbox-events",
  authorize: assertCanReadInbox,
  query: z
    .object({
      source: opt(z.enum(SOURCES)),
      type: opt(z.string().trim().max(200)),
      status: opt(z.enum(STATUSES)),
      from: opt(isoDate()),
      to: opt(isoDate()),
    })
    .strict()
    .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "from must not be after to", path: ["from"] }),
  rows: (db, _viewer, f) =>
    newestFirst(
      inboxEvents.id,
      (older, limit) =>
        db
          .select({ ...INBOX_ROW, dedupeKey: inboxEvents.dedupeKey, payload: inboxEvents.payload }) // never `raw`: it may be ciphertext or carry personal data
          .from(inboxEvents)
          .where(and(inboxWhere(f), older))
          .orderBy(desc(inboxEvents.id))
          .limit(limit),
      (r) => r.id,
    ),
  columns: [
    { key: "id", width: 8, value: (r) => r.id },
    { key: "source", width: 12, value: (r, tr) => tr("source", r.source) },
    { key: "channel", width: 8, value: (r, tr) => tr("channel", r.channel) },
    { key: "type", width: 26, value: (r) => r.eventType },
    { key: "status", width: 10, value: (r, tr) => tr("inboxStatus", r.status) },
    { key: "attempts", width: 8, value: (r) => r.attempts },
    { key: "receivedAt", width: 19, value: (r) => orgTime(r.receivedAt) },
    { key: "handledAt", width: 19, value: (r) => orgTime(r.handledAt) },
    { key: "lagMs", width: 10, value: (r) => (r.handledAt ? r.handledAt.getTime() - r.receivedAt.getTime() : null) },
    { key: "dedupeKey", width: 28, value: (r) => maskPersonalData(r.dedupeKey) as string },
    { key: "reason", width: 24, value: (r) => (r.parkReason ? (maskPersonalData(r.parkReason) as string) : null) },
    { key: "error", width: 36, value: (r) => (r.lastError ? (maskPersonalData(r.lastError) as string) : null) },
    { key: "payload", width: 60, value: (r) => JSON.stringify(maskPersonalData(r.payload)) },
  ],
});

/* ---------- 请假登记 (console/leaves): every leave in the viewer's scope (the page shows the latest 100) ---------- */

const leavesReport = defineReport("leaves", {
  ascii: "leaves",
  authorize: assertCanReadLeaves,
  query: noFilters,
  rows: (db, viewer) =>
    newestFirst(
      leaves.id,
      (older, limit) =>
        db
          .select(LEAVE_LINE)
          .from(leaves)
          .innerJoin(employees, eq(employees.id, leaves.employeeId))
          .leftJoin(departments, eq(departments.id, employees.departmentId))
          .where(and(leaveScope(viewer), older))
          .orderBy(desc(leaves.id))
          .limit(limit),
      (r) => r.id,
    ),
  columns: [
    { key: "employeeNo", width: 12, value: (r) => r.employeeNo },
    { key: "name", width: 12, value: (r) => r.name },
    { key: "department", width: 20, value: (r) => r.department },
    { key: "startsAt", width: 19, value: (r) => orgTime(r.startsAt) },
    { key: "endsAt", width: 19, value: (r) => orgTime(r.endsAt) },
    { key: "reason", width: 30, value: (r) => r.reason },
    { key: "enteredBy", width: 12, value: (r) => r.createdByName },
    { key: "enteredAt", width: 19, value: (r) => orgTime(r.createdAt) },
  ],
});

/* ---------- 消息推送 (console/notifications): the delivery log in the page's window; recipients masked like the page ---------- */

const notifications = defineReport("notifications", {
  ascii: "notification-delivery",
  authorize(viewer) {
    if (!canSeeDelivery(viewer)) throw forbidden("only HR and admins see notification delivery");
  },
  query: z
    .object({
      channel: opt(z.enum(["wecom", "dingtalk"])),
      kind: opt(z.string().trim().max(64).regex(/^[a-z0-9_.:-]*$/)),
      days: opt(z.coerce.number().int().refine((d) => [1, 7, 30].includes(d), "days must be 1, 7 or 30")).transform((d) => d ?? 7),
    })
    .strict(),
  rows: (db, _viewer, q) => {
    const { where } = deliveryWhere(q); // the window is fixed once, at the start of the download
    return newestFirst(
      notificationOutbox.id,
      (older, limit) =>
        db
          .select(DELIVERY_LINE)
          .from(notificationOutbox)
          .leftJoin(employees, eq(employees.id, notificationOutbox.recipientEmployeeId))
          .where(and(where, older))
          .orderBy(desc(notificationOutbox.id))
          .limit(limit),
      (r) => r.id,
    );
  },
  columns: [
    { key: "createdAt", width: 19, value: (r) => orgTime(r.createdAt) },
    { key: "kind", width: 16, value: (r, tr) => tr("notificationKind", r.kind) },
    { key: "channel", width: 10, value: (r, tr) => tr("provider", r.channel) },
    { key: "title", width: 28, value: (r) => r.title || null },
    { key: "recipient", width: 16, value: (r) => (r.name ? `${maskName(r.name)} · ${maskEmployeeNo(r.employeeNo ?? "")}` : null) },
    { key: "status", width: 8, value: (r, tr) => tr("deliveryStatus", r.status) },
    { key: "attempts", width: 8, value: (r) => r.attempts },
    { key: "sentAt", width: 19, value: (r) => orgTime(r.sentAt) },
    { key: "nextAttemptAt", width: 19, value: (r) => (r.status === "failed" ? orgTime(r.nextAttemptAt) : null) },
    { key: "error", width: 40, value: (r) => (r.lastError ? redactError(r.lastError) : null) },
  ],
});

/** Every export by its URL name (/api/exports/<name>). */
export const EXPORTS: Record<string, ExportReport> = {
  people,
  meetings: meetingsReport,
  "identity-conflicts": identityConflictsReport,
  unmatched,
  "sync-outbox": syncOutbox,
  "sync-runs": syncRunsReport,
  inbox,
  leaves: leavesReport,
  notifications,
};
