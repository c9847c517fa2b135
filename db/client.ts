// The database: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite in ./.data/pglite.
// Migrations are applied on first use, so `next start` alone runs the complete app.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { DrizzleQueryError, sql } from "drizzle-orm";
import { PgPreparedQuery, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database or a transaction on it: query functions take this so web, worker and tests share them. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Minimal SQL executor shared by pg-boss and raw queries: parameterised text → rows. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database extends SqlExecutor {
  kind: "postgres" | "pglite";
  db: Db;
  close(): Promise<void>;
}

/**
 * A failed query, without its values: drizzle's own error carries the parameters in its message (and PostgreSQL's
 * message and detail can quote them), and Next logs a thrown error whole, so an HR search for a phone number
 * reached the log in clear. This keeps the statement id (a hash of the SQL text), the SQLSTATE and the names.
 */
export class QueryFailedError extends Error {
  readonly statement: string;
  readonly code?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly cause: { code?: string; constraint?: string };
  constructor(sqlText: string, pgError: unknown) {
    const p = (pgError ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
    const str = (v: unknown) => (typeof v === "string" && /^[\w.]{1,63}$/.test(v) ? v : undefined);
    const statement = statementId(sqlText);
    const code = str(p.code);
    super(`query failed: statement ${statement}${code ? `, SQLSTATE ${code}` : ""}${str(p.constraint) ? `, constraint ${str(p.constraint)}` : ""}`);
    this.name = "QueryFailedError";
    this.statement = statement;
    this.code = code;
    this.constraint = str(p.constraint);
    this.table = str(p.table);
    this.column = str(p.column);
    this.cause = { code, constraint: this.constraint }; // callers read cause.code (e.g. 23505 for a duplicate)
  }
}

/** The id a failed statement is logged by: the first 12 hex digits of SHA-256 over its SQL text. */
export const statementId = (sqlText: string) => createHash("sha256").update(sqlText).digest("hex").slice(0, 12);

// Every drizzle query on pg and PGlite runs through PgPreparedQuery.queryWithCache: swap its error once.
const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: (q: string, params: unknown[], run: () => Promise<unknown>) => Promise<unknown>; __qdSanitised?: boolean };
if (!proto.__qdSanitised) {
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, q, params, run) {
    try {
      return await original.call(this, q, params, run);
    } catch (e) {
      if (e instanceof DrizzleQueryError) throw new QueryFailedError(e.query, e.cause);
      throw e;
    }
  };
  proto.__qdSanitised = true;
}

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");
const MIGRATION_LOCK_ID = 72_651_001; // pg_advisory_lock key: one migrator at a time across instances

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database at ${dir} is already open in process ${pid}. PGlite allows one process per data ` +
        `directory: stop that process first, or set DATABASE_URL to use PostgreSQL (several processes).`,
    );
    this.name = "DataDirLockedError";
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** PGlite has no lock of its own: take an exclusive lock file beside the data directory, or refuse. */
export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "..", `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isFinite(holder) && holder !== process.pid && pidAlive(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      if (holder === process.pid) return () => {};
      fs.unlinkSync(lockPath); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const db = drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db;

  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await migrate(drizzle(client, { schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }

  return {
    kind: "postgres",
    db,
    async executeSql(text, values) {
      const r = await pool.query(text, values as unknown[] | undefined);
      return { rows: r.rows };
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dir: string | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const release = dir ? acquireDataDirLock(dir) : () => {};
  let client: InstanceType<typeof PGlite>;
  try {
    client = dir ? new PGlite(dir) : new PGlite();
    await client.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  await migrate(drizzle(client, { schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_DIR });
  return {
    kind: "pglite",
    db,
    async executeSql(text, values) {
      // pg-boss sends parameterless multi-statement scripts: those go through exec(), rows flattened.
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.flatMap((r) => r.rows as Record<string, unknown>[]) };
      }
      const r = await client.query<Record<string, unknown>>(text, values as unknown[]);
      return { rows: r.rows };
    },
    async close() {
      await client.close();
      release();
    },
  };
}

/** Open a database explicitly (tests, scripts). The app uses `getDatabase()`. */
export async function openDatabase(opts: { url?: string; pgliteDir?: string | null; poolSize?: number } = {}) {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.pgliteDir === null ? undefined : opts.pgliteDir);
}

export function defaultPgliteDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ env().PGLITE_DIR ?? path.join(process.cwd(), ".data", "pglite"));
}

const globalForDb = globalThis as unknown as { __qiandaoDb?: Promise<Database> };

/** The process-wide database (one per process; shared across Next's route bundles through globalThis). */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.__qiandaoDb) {
    const e = env();
    const p = (async () => {
      const database = e.DATABASE_URL
        ? await openPostgres(e.DATABASE_URL, e.DATABASE_POOL_SIZE)
        : await openPglite(defaultPgliteDir());
      const { ensureStartupData } = await import("./startup");
      await ensureStartupData(database);
      return database;
    })();
    globalForDb.__qiandaoDb = p;
    p.catch(() => {
      if (globalForDb.__qiandaoDb === p) globalForDb.__qiandaoDb = undefined; // let the next call retry
    });
  }
  return globalForDb.__qiandaoDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Close the process-wide database (SIGTERM, tests). */
export async function closeDatabase(): Promise<void> {
  const p = globalForDb.__qiandaoDb;
  globalForDb.__qiandaoDb = undefined;
  if (p) await (await p).close();
}

/** One round trip, for health checks. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
