// The vendors' own day results beside ours: the person-days where WeCom (getcheckin_daydata) or DingTalk
// (attendance/list timeResult) says one thing and our engine another — listed, not hidden.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ConsoleScope } from "@/lib/ui/console-access";
import { ourVerdict, type Verdict } from "./vendor-map";

export interface DayDisagreement {
  employeeId: number;
  employeeName: string;
  businessDate: string;
  source: "wecom" | "dingtalk";
  vendorVerdict: Verdict[];
  ourVerdict: Verdict[];
  ourStatuses: string[];
  explanation: string;
  vendorDetail: Record<string, unknown>;
}

function scopeFilter(scope: ConsoleScope): SQL {
  if (scope.kind === "all") return sql`true`;
  if (!scope.paths.length) return sql`false`;
  return sql`(${sql.join(
    scope.paths.map((p) => sql`d.path LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}

/**
 * Person-days in [from, to] where a vendor's verdict differs from ours (e.g. the vendor says normal and we say
 * late). Days we count as leave or a trip are not compared. Newest first.
 */
export async function vendorDayDisagreements(
  db: Db,
  scope: ConsoleScope,
  args: { from: string; to: string; source?: "wecom" | "dingtalk"; limit?: number },
): Promise<DayDisagreement[]> {
  const res = (await db.execute(sql`
    SELECT v.source, v.employee_id, e.name, v.business_date::text AS business_date, v.verdict, v.detail, a.statuses, a.explanation
      FROM vendor_day_results v
      JOIN attendance_days a ON a.employee_id = v.employee_id AND a.business_date = v.business_date
      JOIN employees e ON e.id = v.employee_id
      LEFT JOIN departments d ON d.id = e.department_id
     WHERE v.business_date BETWEEN ${args.from}::date AND ${args.to}::date
       AND ${args.source ? sql`v.source = ${args.source}` : sql`true`}
       AND ${scopeFilter(scope)}
     ORDER BY v.business_date DESC, v.employee_id, v.source`)) as unknown as {
    rows: { source: "wecom" | "dingtalk"; employee_id: number | string; name: string; business_date: string; verdict: string[]; detail: Record<string, unknown>; statuses: string[]; explanation: string }[];
  };
  const out: DayDisagreement[] = [];
  for (const r of res.rows) {
    const ours = ourVerdict(r.statuses);
    if (!ours) continue;
    const vendor = r.verdict as Verdict[];
    if (vendor.length === ours.length && vendor.every((x, i) => x === ours[i])) continue;
    out.push({
      employeeId: Number(r.employee_id),
      employeeName: r.name,
      businessDate: r.business_date,
      source: r.source,
      vendorVerdict: vendor,
      ourVerdict: ours,
      ourStatuses: r.statuses,
      explanation: r.explanation,
      vendorDetail: r.detail,
    });
    if (args.limit && out.length >= args.limit) break;
  }
  return out;
}
