// `column = ANY(…)` with one array instead of one bind parameter per element: for the thousands of ids a board or
// a recompute asks about, building (and sending) a parameter each cost more than running the query.
import { is, sql, type SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";

/**
 * A bigint[] constant written as one array literal, `'{1,2,…}'::bigint[]`: PostgreSQL parses it as a single value.
 * (`ARRAY[1,2,…]` is one expression node per element: with 2,000 ids its parse and planning took ~30 ms, the literal
 * ~5 ms.) The ids are numbers, truncated to integers.
 */
export function bigintLiteral(ids: readonly number[]): SQL {
  return sql.raw(`'{${ids.map((i) => Math.trunc(Number(i))).join(",")}}'::bigint[]`);
}

/** `col = ANY('{…}'::bigint[])` — the ids as one array literal (bigintLiteral); an empty list matches nothing. */
export function anyBigint(col: SQL | SQL.Aliased | import("drizzle-orm").Column, ids: readonly number[]): SQL {
  if (!ids.length) return sql`false`;
  return sql`${col} = ANY(${bigintLiteral(ids)})`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `col = ANY($1::date[])` — one parameter for the whole list; an empty list matches nothing. */
export function anyDate(col: SQL | import("drizzle-orm").Column, dates: readonly string[]): SQL {
  if (!dates.length) return sql`false`;
  if (dates.some((d) => !ISO_DATE.test(d))) throw new RangeError("anyDate: dates must be YYYY-MM-DD");
  return sql`${col} = ANY(${`{${dates.join(",")}}`}::date[])`;
}

/**
 * `col = ANY($1::text[])` — one parameter for the whole list, each element double-quoted with `"` and backslash
 * escaped; an empty list matches nothing.
 */
export function anyText(col: SQL | import("drizzle-orm").Column, values: readonly string[]): SQL {
  if (!values.length) return sql`false`;
  return sql`${col} = ANY(${`{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[])`;
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
