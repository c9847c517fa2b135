// Sign-out revokes the session id: the viewer checks refuse it, other sessions of the same person keep working,
// and records of sessions that have expired anyway are pruned.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { employees, revokedSessions } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { buildViewer } from "./build-viewer";
import { revokeSession, sessionIdOf, sessionRevoked } from "./revocation";

let t: TestDatabase;
let db: Db;
let employeeId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  const [e] = await db.insert(employees).values({ employeeNo: "QD-R1", name: "撤销测试" }).returning({ id: employees.id });
  employeeId = e.id;
});
afterAll(async () => t?.close());

describe("session revocation", () => {
  it("a signed-out session id has no viewer; another session of the same person still has one", async () => {
    const copied = randomUUID();
    const other = randomUUID();
    expect((await buildViewer(db, employeeId, "wecom", copied))?.employeeId).toBe(employeeId);
    await revokeSession(db, copied, { employeeId, expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await sessionRevoked(db, copied)).toBe(true);
    expect(await buildViewer(db, employeeId, "wecom", copied)).toBeNull();
    expect(await sessionRevoked(db, other)).toBe(false);
    expect((await buildViewer(db, employeeId, "wecom", other))?.employeeId).toBe(employeeId);
    // Signing out twice keeps one record, with the later expiry.
    await revokeSession(db, copied, { employeeId, expiresAt: new Date(Date.now() + 7_200_000) });
    const rows = await db.select().from(revokedSessions).where(eq(revokedSessions.sid, copied));
    expect(rows).toHaveLength(1);
    expect(rows[0].expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it("records of sessions past their expiry are pruned at the next sign-out", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const old = randomUUID();
    await revokeSession(db, old, { expiresAt: new Date("2026-06-01T01:00:00Z"), now });
    const later = new Date("2026-06-01T02:00:00Z");
    const fresh = randomUUID();
    await revokeSession(db, fresh, { expiresAt: new Date("2026-06-08T00:00:00Z"), now: later });
    const sids = (await db.select({ sid: revokedSessions.sid }).from(revokedSessions).orderBy(asc(revokedSessions.sid))).map((r) => r.sid);
    expect(sids).not.toContain(old);
    expect(sids).toContain(fresh);
  });

  it.each([
    ["a UUID v4", { sid: "0b6c3f3e-7d1a-4c2b-9a8e-1f2e3d4c5b6a" }, "0b6c3f3e-7d1a-4c2b-9a8e-1f2e3d4c5b6a"],
    ["missing (a token from before revocation)", {}, null],
    ["not a UUID", { sid: "x" }, null],
    ["a number", { sid: 5 }, null],
    ["no token", null, null],
  ] as const)("session id of a token: %s", (_name, token, expected) => expect(sessionIdOf(token)).toBe(expected));
});
