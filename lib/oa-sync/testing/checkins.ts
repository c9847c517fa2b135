// Test/bench helper standing in for the meetings domain: writes meeting_attendance rows and their OA outbox
// rows in one transaction (as the real check-in path does), bumping the version on every change.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceOaPayload, oaIdempotencyKey } from "../outbox";

export interface FakeOrg {
  meetingId: number;
  employees: { id: number; employeeNo: string; name: string }[];
}

/** One department, `n` employees and one meeting, inserted directly. */
export async function seedFakeOrg(db: Db, n: number, tag = "oa"): Promise<FakeOrg> {
  const dept = (await db.execute(sql`
    INSERT INTO departments (code, name, path) VALUES (${`${tag}-dept`}, '同步测试部', '/') RETURNING id`)) as unknown as { rows: { id: number }[] };
  const deptId = Number(dept.rows[0].id);
  await db.execute(sql`UPDATE departments SET path = ${`/${deptId}/`} WHERE id = ${deptId}`);
  const emps = (await db.execute(sql`
    INSERT INTO employees (employee_no, name, department_id)
    SELECT ${tag} || '-' || lpad(g::text, 5, '0'), '员工' || g, ${deptId} FROM generate_series(1, ${n}) g
    RETURNING id, employee_no, name`)) as unknown as { rows: { id: number; employee_no: string; name: string }[] };
  const m = (await db.execute(sql`
    INSERT INTO meetings (external_id, title, starts_at, ends_at, business_date)
    VALUES (${`${tag}-meeting`}, '季度经营会', now(), now() + interval '1 hour', current_date) RETURNING id`)) as unknown as { rows: { id: number }[] };
  return {
    meetingId: Number(m.rows[0].id),
    employees: emps.rows.map((e) => ({ id: Number(e.id), employeeNo: e.employee_no, name: e.name })),
  };
}

const statuses = ["on_time", "late", "early_leave"] as const;

/**
 * Check-in (version 1) or a later change (version+1) for each employee, with its outbox row for `sink`,
 * in one transaction per chunk. Returns the attendance ids and versions written.
 */
export async function writeCheckins(db: Db, org: FakeOrg, opts: { sink: string; employees?: FakeOrg["employees"]; chunk?: number }) {
  const list = opts.employees ?? org.employees;
  const chunk = opts.chunk ?? 500;
  const written: { id: number; version: number }[] = [];
  for (let i = 0; i < list.length; i += chunk) {
    const part = list.slice(i, i + chunk);
    await db.transaction(async (tx) => {
      const res = (await tx.execute(sql`
        INSERT INTO meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, business_date, device, version, updated_at)
        SELECT ${org.meetingId}, e, 'on_time', 'qr', now(), current_date, 'iPhone WeCom', 1, now()
          FROM unnest(${sql.raw(`ARRAY[${part.map((p) => p.id).join(",")}]::bigint[]`)}) e
        ON CONFLICT (meeting_id, employee_id) DO UPDATE
          SET version = meeting_attendance.version + 1, updated_at = now(),
              status = (ARRAY['on_time','late','early_leave'])[1 + (meeting_attendance.version % 3)]
        RETURNING id, employee_id, status, method, checked_in_at, business_date::text AS business_date, device, version, updated_at`)) as unknown as {
        rows: Record<string, unknown>[];
      };
      const byEmp = new Map(part.map((p) => [p.id, p]));
      const values = res.rows.map((r) => {
        const e = byEmp.get(Number(r.employee_id))!;
        const payload = attendanceOaPayload({
          id: Number(r.id),
          meetingId: org.meetingId,
          meetingTitle: "季度经营会",
          employeeNo: e.employeeNo,
          employeeName: e.name,
          departmentName: "同步测试部",
          checkedInAt: r.checked_in_at as string,
          method: r.method as string,
          status: String(r.status),
          device: r.device as string,
          businessDate: String(r.business_date),
          version: Number(r.version),
          updatedAt: r.updated_at as string,
        });
        written.push({ id: Number(r.id), version: Number(r.version) });
        return sql`(${opts.sink}, 'meeting_attendance', ${String(r.id)}, ${Number(r.version)}, ${oaIdempotencyKey("meeting_attendance", Number(r.id), Number(r.version))}, ${JSON.stringify(payload)}::jsonb)`;
      });
      await tx.execute(sql`
        INSERT INTO oa_outbox (sink, aggregate_type, aggregate_id, version, idempotency_key, payload)
        VALUES ${sql.join(values, sql`, `)} ON CONFLICT DO NOTHING`);
    });
  }
  return written;
}

export { statuses };
