// The OA's own PostgreSQL: one transaction per batch writes a receipt per idempotency key and upserts the record
// with a version guard, so a redelivery changes nothing and an older version never overwrites a newer one.
// Target schema: docs/oa/schema.sql (the OA team applies it; `applyOaSchema` does the same for tests and demos).
import fs from "node:fs";
import path from "node:path";
import { Pool } from "pg";
import { oaAttendancePayload } from "../outbox";
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

const UPSERT = `
WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    idempotency_key text, record_id bigint, meeting_id bigint, meeting_title text, employee_no text,
    employee_name text, department_name text, checked_in_at timestamptz, method text, status text, device text,
    business_date date, version integer, updated_at timestamptz)
), receipts AS (
  INSERT INTO qiandao_sync_receipts (idempotency_key, record_type, record_id, version)
  SELECT idempotency_key, 'meeting_attendance', record_id, version FROM incoming
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING idempotency_key
)
INSERT INTO qiandao_meeting_attendance AS t (
  record_id, meeting_id, meeting_title, employee_no, employee_name, department_name, checked_in_at, method,
  status, device, business_date, version, updated_at, synced_at)
SELECT record_id, meeting_id, meeting_title, employee_no, employee_name, department_name,
  date_trunc('second', checked_in_at), method, status, device, business_date, version, updated_at, now()
FROM incoming WHERE idempotency_key IN (SELECT idempotency_key FROM receipts)
ON CONFLICT (record_id) DO UPDATE SET
  meeting_id = excluded.meeting_id, meeting_title = excluded.meeting_title, employee_no = excluded.employee_no,
  employee_name = excluded.employee_name, department_name = excluded.department_name,
  checked_in_at = excluded.checked_in_at, method = excluded.method, status = excluded.status,
  device = excluded.device, business_date = excluded.business_date, version = excluded.version,
  updated_at = excluded.updated_at, synced_at = now()
WHERE t.version < excluded.version`;

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

  async function upsert(rows: Record<string, unknown>[]): Promise<void> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // SET LOCAL (not a startup parameter): poolers such as PgBouncer refuse unknown startup parameters
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${statementTimeoutMs}`);
      await client.query(UPSERT, [JSON.stringify(rows)]);
      await client.query("COMMIT");
    } catch (e) {
      if (isReadTimeout(e)) broken = e as Error;
      else await client.query("ROLLBACK").catch((e1: Error) => (broken = e1));
      throw e;
    } finally {
      client.release(broken); // an error here discards the connection instead of pooling it
    }
  }

  return {
    name: "postgres",
    async deliver(items: OutboxItem[]) {
      const out = new Map<number, DeliveryOutcome>();
      const valid: { item: OutboxItem; row: Record<string, unknown> }[] = [];
      for (const item of items) {
        const p = oaAttendancePayload.safeParse(item.payload);
        if (item.aggregateType !== "meeting_attendance" || !p.success) {
          out.set(item.id, { kind: "dead", reason: "invalid_payload", error: p.success ? `unknown type ${item.aggregateType}` : p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ").slice(0, 300) });
          continue;
        }
        valid.push({ item, row: { ...p.data, idempotency_key: item.idempotencyKey, version: item.version } });
      }
      if (valid.length === 0) return out;
      try {
        await upsert(valid.map((v) => v.row));
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
              await upsert([v.row]);
              out.set(v.item.id, { kind: "delivered" });
            } catch (e1) {
              const c1 = classifyPgError(e1);
              out.set(v.item.id, c1.retry ? { kind: "retry", reason: c1.reason, error: errText(e1) } : { kind: "dead", reason: c1.reason, error: errText(e1) });
            }
          }
        }
      }
      return out;
    },
    async close() {
      await pool.end();
    },
  };
}
