// A fresh, migrated database per test file: a new database on the PostgreSQL of TEST_DATABASE_URL /
// DATABASE_URL when set (CI), otherwise an in-memory PGlite. Real databases either way: nothing is mocked.
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/db/client";

export interface TestDatabase {
  database: Database;
  url?: string;
  close(): Promise<void>;
}

export function testPostgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = testPostgresUrl();
  if (!base) {
    const database = await openDatabase({ pgliteDir: null });
    return { database, close: () => database.close() };
  }
  const { Client } = await import("pg");
  const name = `qd_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ url, poolSize: 10 });
  return {
    database,
    url,
    async close() {
      await database.close();
      const a = new Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * A scratch database standing in for the OA's own PostgreSQL (docs/oa/schema.sql applied), on the server of
 * testPostgresUrl(); `fn` gets its URL, and it is dropped afterwards whatever happens.
 */
export async function withOaDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const base = testPostgresUrl();
  if (!base) throw new Error("withOaDatabase needs a PostgreSQL (TEST_DATABASE_URL or DATABASE_URL)");
  const { Client } = await import("pg");
  const { applyOaSchema } = await import("@/lib/oa-sync/sinks/postgres");
  const name = `qd_oa_${randomBytes(5).toString("hex")}`;
  const u = new URL(base);
  u.pathname = `/${name}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    await applyOaSchema(u.toString());
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
