// The OA's own PostgreSQL: one transaction per batch writes a receipt per idempotency key and upserts the record
// with a version guard, so a redelivery changes nothing and an older version never overwrites a newer one.
// Target schema: docs/oa/schema.sql (the OA team applies it; `applyOaSchema` does the same for tests and demos).
import fs from "node:fs";
import path from "node:path";
import { Pool } from "pg";
import type { z } from "zod";
import { oaApprovalDecisionPayload, oaApprovalPayload, oaAttendanceDayPayload, oaAttendancePayload, oaPunchPayload } from "../outbox";
import type { DeliveryOutcome, FailureReason, OaSinkDriver, OutboxItem } from "./types";

export const OA_SCHEMA_FILE = path.join(process.cwd(), "docs", "oa", "schema.sql");

export function oaSchemaSql(): string {
  return fs.readFileSync(/*turbopackIgnore: true*/ OA_SCHEMA_FILE, "utf8");
}

export async function applyOaSchema(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(oaSchemaSql());
  } finally {
    await pool.end();
  }
}

/** One receipts-then-upsert statement per record type: `cols` are the incoming JSON fields (with their SQL types). */
function upsertSql(recordType: string, table: string, cols: [string, string][], key = "record_id"): string {
  const names = cols.map(([n]) => n);
  const select = names.map((n) => (n === "checked_in_at" ? "date_trunc('second', checked_in_at)" : n));
  return `
WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(idempotency_key text, ${cols.map(([n, t]) => `${n} ${t}`).join(", ")})
), receipts AS (
  INSERT INTO qiandao_sync_receipts (idempotency_key, record_type, record_id, version)
  SELECT idempotency_key, '${recordType}', ${key}, version FROM incoming
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING idempotency_key
)
INSERT INTO ${table} AS t (${names.join(", ")}, synced_at)
SELECT ${select.join(", ")}, now()
FROM incoming WHERE idempotency_key IN (SELECT idempotency_key FROM receipts)
ON CONFLICT (${key}) DO UPDATE SET
  ${names.filter((n) => n !== key).map((n) => `${n} = excluded.${n}`).join(", ")}, synced_at = now()
WHERE t.version < excluded.version`;
}

/** Per record type: the payload schema and the statement that lands a batch of it in the OA's table. */
const TYPES: Record<string, { schema: z.ZodType<Record<string, unknown>>; sql: string }> = {
  meeting_attendance: {
    schema: oaAttendancePayload,
    sql: upsertSql("meeting_attendance", "qiandao_meeting_attendance", [
      ["record_id", "bigint"], ["meeting_id", "bigint"], ["meeting_title", "text"], ["employee_no", "text"],
      ["employee_name", "text"], ["department_name", "text"], ["checked_in_at", "timestamptz"], ["method", "text"], ["status", "text"],
      ["device", "text"], ["business_date", "date"], ["version", "integer"], ["updated_at", "timestamptz"],
    ]),
  },
  attendance_day: {
    schema: oaAttendanceDayPayload,
    sql: upsertSql("attendance_day", "qiandao_attendance_days", [
      ["record_id", "bigint"], ["employee_no", "text"], ["employee_name", "text"], ["department_name", "text"],
      ["business_date", "date"], ["day_type", "text"], ["statuses", "text[]"], ["late_minutes", "integer"],
      ["early_leave_minutes", "integer"], ["worked_minutes", "integer"], ["leave_minutes", "integer"],
      ["overtime_workday_minutes", "integer"], ["overtime_rest_day_minutes", "integer"], ["overtime_holiday_minutes", "integer"],
      ["explanation", "text"], ["version", "integer"], ["updated_at", "timestamptz"],
    ]),
  },
  punch: {
    schema: oaPunchPayload,
    sql: upsertSql("punch", "qiandao_punches", [
      ["record_id", "bigint"], ["employee_no", "text"], ["employee_name", "text"], ["source", "text"], ["device_id", "text"],
      ["source_record_id", "text"], ["punched_at", "timestamptz"], ["business_date", "date"], ["direction", "text"],
      ["latitude", "double precision"], ["longitude", "double precision"], ["place_name", "text"], ["field", "boolean"],
      ["suspicious", "boolean"], ["change_state", "text"], ["version", "integer"], ["updated_at", "timestamptz"],
    ]),
  },
  approval_decision: {
    schema: oaApprovalDecisionPayload,
    sql: upsertSql("approval_decision", "qiandao_approval_decisions", [
      ["record_id", "bigint"], ["approval_id", "text"], ["approval_version", "integer"], ["outcome", "text"], ["comment", "text"],
      ["decider_employee_no", "text"], ["decider_name", "text"], ["decided_at", "timestamptz"], ["client", "text"], ["version", "integer"],
    ]),
  },
  approval: {
    schema: oaApprovalPayload,
    sql: upsertSql("approval", "qiandao_approvals", [
      ["record_id", "bigint"], ["kind", "text"], ["title", "text"], ["applicant_employee_no", "text"], ["applicant_name", "text"],
      ["status", "text"], ["form", "jsonb"], ["steps", "jsonb"], ["current_approver_employee_nos", "text[]"], ["submitted_at", "timestamptz"],
      ["decided_at", "timestamptz"], ["revoked_at", "timestamptz"], ["revoke_reason", "text"], ["version", "integer"], ["updated_at", "timestamptz"],
    ]),
  },
};

/** pg / network error → retry category; null when the error is about the data (dead letter). */
export function classifyPgError(e: unknown): { reason: FailureReason; retry: boolean } {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EHOSTUNREACH", "EPIPE"].includes(code)) {
    return { reason: "connection", retry: true };
  }
  if (code === "ETIMEDOUT" || /timeout/i.test(err.message ?? "")) return { reason: "timeout", retry: true };
  if (code === "3D000" || code.startsWith("08") || code.startsWith("57P")) return { reason: "connection", retry: true };
  if (code === "28P01" || code === "28000" || code === "42501") return { reason: "oa_auth", retry: true };
  if (code === "42P01" || code === "42703") return { reason: "oa_schema", retry: true };
  if (code.startsWith("22") || code.startsWith("23")) return { reason: "invalid_payload", retry: false };
  if (/terminat|connect|closed|ended/i.test(err.message ?? "")) return { reason: "connection", retry: true };
  return { reason: "connection", retry: true };
}

function errText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return `${err.code ? `${err.code}: ` : ""}${(err.message ?? String(e)).slice(0, 300)}`;
}

/** Client-side read timeout of node-postgres ("Query read timeout"): the connection is mid-query, unusable. */
const isReadTimeout = (e: unknown) => (e as Error)?.message === "Query read timeout";

/**
 * `statementTimeoutMs` bounds each upsert (default 20 s, well inside the dispatcher's 60 s lease): a lock held on
 * the OA table or a server that stops answering becomes a "timeout" retry instead of a batch that never returns
 * (which stalled the whole dispatch loop and let the lease expire under a delivery still in flight).
 */
export function postgresSink(url: string, opts: { connectTimeoutMs?: number; poolSize?: number; statementTimeoutMs?: number } = {}): OaSinkDriver {
  const statementTimeoutMs = Math.max(1, Math.round(opts.statementTimeoutMs ?? 20_000));
  const pool = new Pool({
    connectionString: url,
    max: opts.poolSize ?? 2,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // server silent altogether (no answer, no error): the server-side statement_timeout cannot fire, this does
    query_timeout: statementTimeoutMs + 5_000,
  });
  pool.on("error", () => {
    /* an idle OA connection dropped: the next batch reconnects */
  });

  async function upsert(type: string, rows: Record<string, unknown>[]): Promise<void> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // SET LOCAL (not a startup parameter): poolers such as PgBouncer refuse unknown startup parameters
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${statementTimeoutMs}`);
      await client.query(TYPES[type].sql, [JSON.stringify(rows)]);
      await client.query("COMMIT");
    } catch (e) {
      if (isReadTimeout(e)) broken = e as Error;
      else await client.query("ROLLBACK").catch((e1: Error) => (broken = e1));
      throw e;
    } finally {
      client.release(broken); // an error here discards the connection instead of pooling it
    }
  }

  async function deliverType(type: string, valid: { item: OutboxItem; row: Record<string, unknown> }[], out: Map<number, DeliveryOutcome>): Promise<void> {
    try {
      await upsert(type, valid.map((v) => v.row));
      for (const v of valid) out.set(v.item.id, { kind: "delivered" });
    } catch (e) {
      const c = classifyPgError(e);
      if (c.retry || valid.length === 1) {
        for (const v of valid) {
          out.set(v.item.id, c.retry ? { kind: "retry", reason: c.reason, error: errText(e) } : { kind: "dead", reason: c.reason, error: errText(e) });
        }
      } else {
        // A data error in a batch: isolate the bad rows one by one so the good ones still go through.
        for (const v of valid) {
          try {
            await upsert(type, [v.row]);
            out.set(v.item.id, { kind: "delivered" });
          } catch (e1) {
            const c1 = classifyPgError(e1);
            out.set(v.item.id, c1.retry ? { kind: "retry", reason: c1.reason, error: errText(e1) } : { kind: "dead", reason: c1.reason, error: errText(e1) });
          }
        }
      }
    }
  }

  return {
    name: "postgres",
    async deliver(items: OutboxItem[]) {
      const out = new Map<number, DeliveryOutcome>();
      const byType = new Map<string, { item: OutboxItem; row: Record<string, unknown> }[]>();
      for (const item of items) {
        const type = TYPES[item.aggregateType];
        const p = type?.schema.safeParse(item.payload);
        if (!type || !p?.success) {
          out.set(item.id, { kind: "dead", reason: "invalid_payload", error: !p ? `unknown type ${item.aggregateType}` : p.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ").slice(0, 300) });
          continue;
        }
        const list = byType.get(item.aggregateType) ?? [];
        list.push({ item, row: { ...p.data, idempotency_key: item.idempotencyKey, version: item.version } });
        byType.set(item.aggregateType, list);
      }
      for (const [type, valid] of byType) await deliverType(type, valid, out);
      return out;
    },
    async close() {
      await pool.end();
    },
  };
}
