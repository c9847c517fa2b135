// Request parsing shared by the board's routes: ?department=<id> (a sub-department inside the viewer's scope).
import "server-only";
import { z } from "zod";
import { badRequest } from "@/lib/errors";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
export const boardQuery = z.strictObject({
  department: z.preprocess(blank, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
  week: z.preprocess(blank, z.enum(["0", "1"]).optional()),
  /** live stream only: "version" sends the version alone (the phone page re-renders itself on the server). */
  events: z.preprocess(blank, z.enum(["board", "version"]).optional()),
});
export type BoardQuery = z.infer<typeof boardQuery>;

export function parseBoardQuery(url: string): BoardQuery {
  const parsed = boardQuery.safeParse(Object.fromEntries(new URL(url).searchParams));
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
  return parsed.data;
}

/** The remind body: optional {department}. An empty body is fine. */
export const remindBody = z.strictObject({ department: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() });
