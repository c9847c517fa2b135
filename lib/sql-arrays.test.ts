import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { anyText } from "./sql-arrays";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe("anyText", () => {
  it("matches exactly the listed strings, whatever quotes, backslashes, commas or braces they hold; an empty list matches nothing", async () => {
    const values = ['a"b', "c\\d", "e,f", "{g}", "plain:2026-12-08:7", " spaced "];
    const all = [...values, "a", "c", "e", "f", "g", "spaced"];
    // The candidates as bind parameters, one row each: independent of the literal under test.
    const rows = sql.join(all.map((v) => sql`(${v}::text)`), sql`, `);
    const matching = async (list: string[]) =>
      rowsOf<{ v: string }>(await t.database.db.execute(sql`select v from (values ${rows}) as c(v) where ${anyText(sql`v`, list)}`)).map((r) => r.v).sort();
    expect(await matching(values)).toEqual([...values].sort());
    expect(await matching([])).toEqual([]);
  });
});
