// Pull API through its route handler: paging under concurrent writes, key auth (401/403), rate limit (429),
// and the OpenAPI document generated from the same schemas.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { rowsOf } from "../dispatcher";
import { seedFakeOrg, type FakeOrg } from "../testing/checkins";
import { apiRoute } from "./handler";
import { createApiKey, revokeApiKey } from "./keys";
import { buildOpenApiDocument } from "./openapi";
import { listAttendancePage } from "./queries";
import { attendanceQuery, employeesQuery, meetingsQuery } from "./schemas";
import { listEmployeesPage, listMeetingsPage } from "./queries";

let t: TestDatabase;
let org: FakeOrg;
const admin: Viewer = {
  employeeId: 1,
  employeeNo: "A001",
  name: "管理员",
  departmentId: null,
  departmentName: null,
  roles: new Set(["admin", "employee"]),
  managedPaths: [],
  provider: null,
};

beforeAll(async () => {
  t = await createTestDatabase();
  org = await seedFakeOrg(t.database.db, 400, "pull");
});
afterAll(async () => {
  await t?.close();
});

const base = "http://localhost/api/v1";

function attendanceGet(lagMs: number) {
  return apiRoute("meeting_attendance:read", attendanceQuery, (db, args) => listAttendancePage(db, { ...args, safetyLagMs: lagMs }), async () => t.database.db);
}

describe("pull API", () => {
  it("pages with concurrent writers: no row skipped, none repeated, latest version last", async () => {
    const db = t.database.db;
    const { key } = await createApiKey(db, admin, { name: "OA 拉取", scopes: ["meeting_attendance:read"], rateLimitPerMinute: 10_000 });
    const GET = attendanceGet(50);
    const auth = { authorization: `Bearer ${key}` };

    // Writers: transactions that stamp updated_at = now() at their start and commit up to 400 ms later,
    // both inserting new rows and bumping existing ones.
    let nextEmp = 0;
    const writing = (async () => {
      const jobs: Promise<void>[] = [];
      for (let w = 0; w < 40; w++) {
        const emps = org.employees.slice(nextEmp, nextEmp + 8);
        nextEmp += 8;
        jobs.push(
          db.transaction(async (tx) => {
            await tx.execute(sql`
              INSERT INTO meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, business_date, version)
              SELECT ${org.meetingId}, e, 'on_time', 'qr', now(), current_date, 1
                FROM unnest(${sql.raw(`ARRAY[${emps.map((e) => e.id).join(",")}]::bigint[]`)}) e`);
            if (w > 5) {
              // Lock the three picked rows in id order: concurrent writers that locked in random order
              // deadlocked each other (PostgreSQL 40P01) and failed the test for a reason of its own.
              await tx.execute(sql`
                WITH pick AS (SELECT id FROM meeting_attendance ORDER BY random() LIMIT 3),
                     locked AS (SELECT id FROM meeting_attendance WHERE id IN (SELECT id FROM pick) ORDER BY id FOR UPDATE)
                UPDATE meeting_attendance SET version = version + 1, status = 'late', updated_at = now()
                 WHERE id IN (SELECT id FROM locked)`);
            }
            await tx.execute(sql`SELECT pg_sleep(${(w % 5) * 0.08})`);
          }),
        );
        await new Promise((r) => setTimeout(r, 15));
      }
      await Promise.all(jobs);
    })();

    const seen = new Map<string, number>(); // "id:version" → times seen
    const lastVersion = new Map<number, number>();
    let cursor: string | null = null;
    let writersDone = false;
    void writing.then(() => (writersDone = true));
    let finalPass = 0;
    for (let round = 0; round < 5_000; round++) {
      const url = new URL(`${base}/meeting-attendance`);
      url.searchParams.set("limit", "7");
      if (cursor) url.searchParams.set("cursor", cursor);
      const res = await GET(new Request(url, { headers: auth }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { id: number; version: number }[]; next_cursor: string | null; has_more: boolean; complete_up_to: string };
      for (const r of body.data) {
        const k = `${r.id}:${r.version}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
        lastVersion.set(r.id, r.version);
      }
      cursor = body.next_cursor;
      if (!body.has_more) {
        if (writersDone && new Date(body.complete_up_to).getTime() > Date.now() - 1_000) {
          if (++finalPass > 2) break;
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    await writing;

    const rows = rowsOf<{ id: number; version: number }>(await db.execute(sql`SELECT id::int AS id, version FROM meeting_attendance`));
    expect(rows.length).toBe(320);
    const repeated = [...seen.entries()].filter(([, n]) => n > 1);
    expect(repeated).toEqual([]);
    const missing = rows.filter((r) => lastVersion.get(r.id) !== r.version);
    expect(missing).toEqual([]);
  }, 60_000);

  it("answers 401 for missing, invalid and revoked keys, 403 for a wrong scope, 400 for bad parameters", async () => {
    const db = t.database.db;
    const GET = attendanceGet(5_000);
    const EMP = apiRoute("employees:read", employeesQuery, (d, a) => listEmployeesPage(d, a), async () => t.database.db);
    const { key, id } = await createApiKey(db, admin, { name: "仅员工", scopes: ["employees:read"] });

    const noKey = await GET(new Request(`${base}/meeting-attendance`));
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await GET(new Request(`${base}/meeting-attendance`, { headers: { authorization: "Bearer qd_notarealkeynotarealkey00" } }))).status).toBe(401);
    const wrongScope = await GET(new Request(`${base}/meeting-attendance`, { headers: { authorization: `Bearer ${key}` } }));
    expect(wrongScope.status).toBe(403);
    expect(((await wrongScope.json()) as { message: string }).message).toMatch(/meeting_attendance:read/);
    const ok = await EMP(new Request(`${base}/employees?limit=5&department_id=999999`, { headers: { authorization: `Bearer ${key}` } }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown[] }).data).toEqual([]);
    const bad = await EMP(new Request(`${base}/employees?limit=9000`, { headers: { "x-api-key": key } }));
    expect(bad.status).toBe(400);
    expect((await EMP(new Request(`${base}/employees?cursor=%%%`, { headers: { "x-api-key": key } }))).status).toBe(400);

    await revokeApiKey(db, admin, id);
    const revoked = await EMP(new Request(`${base}/employees`, { headers: { authorization: `Bearer ${key}` } }));
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { message: string }).message).toMatch(/revoked/);
    // stored hashed: the plain key is nowhere in the table
    const stored = rowsOf<{ hash: string }>(await db.execute(sql`SELECT hash FROM api_keys WHERE id = ${id}`));
    expect(stored[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].hash).not.toContain(key);
    const audit = rowsOf<{ action: string }>(await db.execute(sql`SELECT action FROM audit_log WHERE target_type = 'api_key' AND target_id = ${String(id)} ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("answers 400 with a reason, never 500, for input PostgreSQL would refuse: impossible dates, reversed ranges, crafted cursors, NUL", async () => {
    const db = t.database.db;
    const { key } = await createApiKey(db, admin, { name: "坏输入", scopes: ["meeting_attendance:read", "meetings:read"], rateLimitPerMinute: 1000 });
    const ATT = attendanceGet(0);
    const MEET = apiRoute("meetings:read", meetingsQuery, (d, a) => listMeetingsPage(d, a), async () => db);
    const cursor = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const cases: [typeof ATT, string, RegExp][] = [
      [ATT, "from=0000-01-01", /from: .*2000-01-01/],
      [ATT, "to=9999-12-31", /to: /],
      [ATT, "from=2026-02-30", /from: /],
      [ATT, "from=2026-03-02&to=2026-03-01", /from must not be after to/],
      [MEET, "from=2026-03-02&to=2026-03-01", /from must not be after to/],
      [MEET, "from=0000-01-01", /from: /],
      [ATT, `cursor=${cursor({ t: "2026-13-45 25:61:61+00", i: 1 })}`, /invalid cursor/],
      [ATT, `cursor=${cursor({ t: "2026-03-01 10:00:00+99", i: 1 })}`, /invalid cursor/],
      [ATT, `cursor=${cursor({ t: "2026-02-29 10:00:00+00", i: 1 })}`, /invalid cursor/], // 2026 is not a leap year
      [ATT, "department_id=1&x=%00", /x: text must not contain NUL/],
    ];
    for (const [route, q, reason] of cases) {
      const r = await route(new Request(`${base}/x?${q}`, { headers: { "x-api-key": key } }));
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { message: string }).message, q).toMatch(reason);
    }
    // A genuine cursor of the same shape still pages.
    const ok = await ATT(new Request(`${base}/x?cursor=${cursor({ t: "2026-03-01 10:00:00.123456+00", i: 1 })}`, { headers: { "x-api-key": key } }));
    expect(ok.status).toBe(200);
  });

  it("a recurring meeting's occurrence carries its series and index; a checked-out person carries the check-out time (签退, to the second)", async () => {
    const db = t.database.db;
    const { key } = await createApiKey(db, admin, { name: "周例会", scopes: ["meeting_attendance:read", "meetings:read"], rateLimitPerMinute: 1000 });
    const series = rowsOf<{ id: string }>(
      await db.execute(sql`INSERT INTO meeting_series (title, frequency, start_date, count, start_time, end_time)
                           VALUES ('周例会', 'weekly', '2026-12-07', 4, '10:00', '11:00') RETURNING id`),
    )[0];
    await db.execute(sql`UPDATE meetings SET series_id = ${series.id}, series_index = 2, updated_at = now() WHERE id = ${org.meetingId}`);
    const person = org.employees[399];
    await db.execute(sql`
      INSERT INTO meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, checked_out_at, business_date, version)
      VALUES (${org.meetingId}, ${person.id}, 'on_time', 'qr', '2026-12-07T02:00:05.250Z', '2026-12-07T03:05:09.900Z', '2026-12-07', 1)
      ON CONFLICT (meeting_id, employee_id) DO UPDATE SET checked_out_at = EXCLUDED.checked_out_at, version = meeting_attendance.version + 1, updated_at = now()`);

    const pull = async (route: (r: Request) => Promise<Response>, q: string) => {
      const out: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      for (;;) {
        const r = await route(new Request(`${base}/x?limit=500${q}${cursor ? `&cursor=${cursor}` : ""}`, { headers: { "x-api-key": key } }));
        expect(r.status).toBe(200);
        const body = (await r.json()) as { data: Record<string, unknown>[]; next_cursor: string | null; has_more: boolean };
        out.push(...body.data);
        if (!body.has_more) return out;
        cursor = body.next_cursor;
      }
    };
    const meetings = await pull(apiRoute("meetings:read", meetingsQuery, (d, a) => listMeetingsPage(d, { ...a, safetyLagMs: 0 }), async () => db), "");
    expect(meetings.find((m) => m.id === org.meetingId)).toMatchObject({ series_id: Number(series.id), series_index: 2 });
    const rows = await pull(attendanceGet(0), `&meeting_id=${org.meetingId}`);
    const mine = rows.filter((r) => r.employee_no === person.employeeNo);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ checked_in_at: "2026-12-07T02:00:05.000Z", checked_out_at: "2026-12-07T03:05:09.000Z", series_id: Number(series.id) });
    expect(rows.filter((r) => r.employee_no !== person.employeeNo).every((r) => r.checked_out_at === null)).toBe(true);
  });

  it("answers 429 with Retry-After when a key bursts past its rate", async () => {
    const db = t.database.db;
    const EMP = apiRoute("employees:read", employeesQuery, (d, a) => listEmployeesPage(d, a), async () => t.database.db);
    const { key } = await createApiKey(db, admin, { name: "限流", scopes: ["employees:read"], rateLimitPerMinute: 10 });
    // windows follow the database clock: stay clear of a minute boundary (the window would reset mid-burst)
    const [{ s }] = rowsOf<{ s: number }>(await db.execute(sql`SELECT extract(second FROM now())::float8 AS s`));
    if (Number(s) > 55) await new Promise((r) => setTimeout(r, (61 - Number(s)) * 1000));
    const statuses = await Promise.all(
      Array.from({ length: 15 }, () => EMP(new Request(`${base}/employees?limit=1`, { headers: { authorization: `Bearer ${key}` } }))),
    );
    const codes = statuses.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
    const limited = statuses.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(66); // the rest of the minute + 6 s for the full minute's carried share to decay by one
  });

  it("publishes an OpenAPI 3.1 document generated from the zod schemas", () => {
    const doc = buildOpenApiDocument("https://qd.example.com") as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/approval-items", "/approvals", "/attendance-days", "/employees", "/meeting-attendance", "/meetings", "/punches"]);
    const params = doc.paths["/meeting-attendance"].get.parameters.map((p) => p.name).sort();
    expect(params).toEqual(["cursor", "department_id", "from", "limit", "meeting_id", "to"]);
    expect(Object.keys(doc.paths["/employees"].get.responses)).toEqual(expect.arrayContaining(["200", "401", "403", "429"]));
    expect(Object.keys(doc.components.schemas.MeetingAttendance.properties ?? {})).toEqual(
      expect.arrayContaining(["employee_no", "employee_name", "checked_in_at", "method", "status", "device", "version", "updated_at"]),
    );
    expect(JSON.stringify(doc.components.schemas.MeetingAttendancePage)).toContain("#/components/schemas/MeetingAttendance");
  });
});
