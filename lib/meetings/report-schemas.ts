// Filters of the department report (page, API and export share them): period, department (a subtree), and for
// the per-person table the sort, direction and page. Strict where it is an API: a bad value is a 400.
import { z } from "zod";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate } from "@/lib/validation";
import { PERSON_SORTS } from "./report-sorts";

/** A blank form field means "no filter". */
const blank = (v: unknown) => (v === "" ? undefined : v);
export const departmentParam = z.preprocess(blank, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional());

export const reportFilter = z
  .object({ from: isoDate(), to: isoDate(), departmentId: departmentParam })
  .refine(fromNotAfterTo, FROM_AFTER_TO);

export const personSummaryQuery = z
  .object({
    from: isoDate(),
    to: isoDate(),
    departmentId: departmentParam,
    sort: z.preprocess(blank, z.enum(PERSON_SORTS).default("rate")),
    dir: z.preprocess(blank, z.enum(["asc", "desc"]).default("asc")),
    page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
    pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(20)),
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
export type PersonSummaryQuery = z.infer<typeof personSummaryQuery>;
