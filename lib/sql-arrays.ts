// `column = ANY(…)` with one array instead of one bind parameter per element: for the thousands of ids a board or
// a recompute asks about, building (and sending) a parameter each cost more than running the query.
import { is, sql, type SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

/** `col = ANY(ARRAY[…]::bigint[])` — the ids are numbers, written as literals; an empty list matches nothing. */
export function anyBigint(col: SQL | SQL.Aliased | import("drizzle-orm").Column, ids: readonly number[]): SQL {
  if (!ids.length) return sql`false`;
  return sql`${col} = ANY(${sql.raw(`ARRAY[${ids.map((i) => Math.trunc(Number(i))).join(",")}]::bigint[]`)})`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `col = ANY($1::date[])` — one parameter for the whole list; an empty list matches nothing. */
export function anyDate(col: SQL | import("drizzle-orm").Column, dates: readonly string[]): SQL {
  if (!dates.length) return sql`false`;
  if (dates.some((d) => !ISO_DATE.test(d))) throw new RangeError("anyDate: dates must be YYYY-MM-DD");
  return sql`${col} = ANY(${`{${dates.join(",")}}`}::date[])`;
}

/**
 * Independent reads at once: overlapped on a pool (each takes its own connection); one after another inside a
 * transaction, whose single connection must not be handed a query while one is running (pg deprecates that).
 * (drizzle's `is`, not instanceof: the ESM and CJS builds of drizzle can both be loaded.)
 */
export async function readTogether<T extends readonly unknown[]>(db: object, reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (is(db, PgTransaction)) {
    const out: unknown[] = [];
    for (const r of reads as readonly (() => Promise<unknown>)[]) out.push(await r());
    return out as unknown as T;
  }
  return (await Promise.all((reads as readonly (() => Promise<unknown>)[]).map((r) => r()))) as unknown as T;
}
