// A failing query's log line names the statement, never its values (an HR phone search once landed in the log).
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { employees } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { QueryFailedError, statementId } from "./client";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const PHONE = "13812345678";

describe("query errors", () => {
  it("carry the statement id and SQLSTATE, not the parameters nor PostgreSQL's quote of them", async () => {
    // int4 overflow: PostgreSQL's message quotes the value ("value "13812345678" is out of range for type integer").
    const q = t.database.db.select({ id: employees.id }).from(employees).where(eq(employees.id, sql`${PHONE}::int4`));
    const err = await q.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    const e = err as QueryFailedError;
    expect(e.statement).toBe(statementId(q.toSQL().sql));
    expect(e.code).toBe("22003");
    expect(e.message).toBe(`query failed: statement ${e.statement}, SQLSTATE 22003`);
    // What errorResponse and Next's own error logging would print:
    for (const line of [e.message, String(e), inspect(e, { depth: 5 }), JSON.stringify({ err: e.message, ...e }), e.stack ?? ""]) {
      expect(line).not.toContain(PHONE);
    }
  });

  it("keep cause.code for callers that tell a duplicate (23505) from other failures", async () => {
    const db = t.database.db;
    await db.execute(sql`create table dup_probe (phone text primary key)`);
    await db.execute(sql`insert into dup_probe values (${PHONE})`);
    const err = (await db.execute(sql`insert into dup_probe values (${PHONE})`).then(() => null, (e: unknown) => e)) as QueryFailedError;
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(err.cause.code).toBe("23505");
    expect(err.constraint).toBe("dup_probe_pkey");
    expect(inspect(err, { depth: 5 })).not.toContain(PHONE);
  });
});
