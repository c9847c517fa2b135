// Lag alert (admins through the notification outbox, once per hour per sink) and dead-letter retry/skip (audited).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { retryDeadLetter, skipDeadLetter } from "./dead-letters";
import { rowsOf } from "./dispatcher";
import { checkOaLag, getSyncHealth } from "./health";
import { seedFakeOrg, writeCheckins } from "./testing/checkins";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const viewer = (roles: string[]): Viewer => ({
  employeeId: 1,
  employeeNo: "A1",
  name: "管理员",
  departmentId: null,
  departmentName: null,
  roles: new Set(roles as never[]),
  managedPaths: [],
  provider: null,
});

describe("lag alert", () => {
  it("alerts admins (granted to them or to a department above theirs) once per hour when the oldest undelivered row passes the threshold", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 5, "lag");
    await db.execute(sql`INSERT INTO role_grants (role, employee_id) VALUES ('admin', ${org.employees[0].id})`);
    // admin granted to 信息部; 运维组 sits under it: its member is an admin too, a member of 财务部 is not
    const [it_, ops, fin] = rowsOf<{ id: number }>(
      await db.execute(sql`INSERT INTO departments (code, name, path) VALUES ('lag-it', '信息部', '/'), ('lag-ops', '运维组', '/'), ('lag-fin', '财务部', '/') RETURNING id::int AS id`),
    ).map((r) => r.id);
    await db.execute(sql`UPDATE departments SET path = '/' || id || '/' WHERE id IN (${it_}, ${fin})`);
    await db.execute(sql`UPDATE departments SET path = '/' || ${it_} || '/' || id || '/', parent_id = ${it_} WHERE id = ${ops}`);
    const [opsAdmin] = rowsOf<{ id: number }>(await db.execute(sql`INSERT INTO employees (employee_no, name, department_id) VALUES ('lag-ops-1', '运维一', ${ops}) RETURNING id::int AS id`));
    await db.execute(sql`INSERT INTO employees (employee_no, name, department_id) VALUES ('lag-fin-1', '财务一', ${fin})`);
    await db.execute(sql`INSERT INTO role_grants (role, department_id) VALUES ('admin', ${it_})`);
    await writeCheckins(db, org, { sink: "http" });
    expect((await checkOaLag(db, "http", 600)).lagging).toBe(false);
    await db.execute(sql`UPDATE oa_outbox SET created_at = now() - interval '20 minutes' WHERE sink = 'http'`);
    const first = await checkOaLag(db, "http", 600);
    expect(first).toMatchObject({ lagging: true, alerted: 2 });
    expect(first.ageSeconds!).toBeGreaterThanOrEqual(1_200);
    expect((await checkOaLag(db, "http", 600)).alerted).toBe(0); // same hour: deduplicated
    const n = rowsOf<{ kind: string; recipient_employee_id: number }>(
      await db.execute(sql`SELECT kind, recipient_employee_id::int AS recipient_employee_id FROM notification_outbox ORDER BY recipient_employee_id`),
    );
    expect(n).toEqual([
      { kind: "oa_lag_alert", recipient_employee_id: org.employees[0].id },
      { kind: "oa_lag_alert", recipient_employee_id: opsAdmin.id },
    ]);
    await expect(getSyncHealth(db, viewer(["employee"]))).rejects.toMatchObject({ status: 403 });
  });
});

describe("dead letters", () => {
  it("retry puts a dead row back in the queue, skip retires it; both audited; a stale retry is superseded", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 3, "dl");
    await writeCheckins(db, org, { sink: "postgres" });
    await writeCheckins(db, org, { sink: "postgres", employees: org.employees.slice(2) });
    const rows = rowsOf<{ id: number; version: number; emp: string }>(
      await db.execute(sql`SELECT id::int AS id, version, payload->>'employee_no' AS emp FROM oa_outbox WHERE sink = 'postgres' AND payload->>'employee_no' LIKE 'dl-%' ORDER BY id`),
    );
    await db.execute(sql`UPDATE oa_outbox SET status = 'dead', failure_reason = 'http_4xx' WHERE id IN (${rows[0].id}, ${rows[1].id}, ${rows[2].id})`);
    // v2 of the third person was delivered after v1 went dead
    await db.execute(sql`UPDATE oa_outbox SET status = 'delivered', delivered_at = now() WHERE id = ${rows[3].id}`);
    const admin = viewer(["admin"]);
    await expect(retryDeadLetter(db, viewer(["hr"]), rows[0].id)).rejects.toMatchObject({ status: 403 });
    expect(await retryDeadLetter(db, admin, rows[0].id)).toBe("retried");
    await skipDeadLetter(db, admin, rows[1].id);
    expect(await retryDeadLetter(db, admin, rows[2].id)).toBe("superseded");
    await expect(skipDeadLetter(db, admin, rows[1].id)).rejects.toMatchObject({ status: 404 });
    const after = rowsOf<{ status: string; attempts: number }>(await db.execute(sql`SELECT status, attempts FROM oa_outbox WHERE id IN (${rows[0].id}, ${rows[1].id}, ${rows[2].id}) ORDER BY id`));
    expect(after.map((r) => r.status)).toEqual(["pending", "skipped", "superseded"]);
    const audit = rowsOf<{ action: string }>(await db.execute(sql`SELECT action FROM audit_log WHERE target_type = 'oa_outbox' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(["oa_outbox.retry", "oa_outbox.skip", "oa_outbox.retry_superseded"]);
  });
});
