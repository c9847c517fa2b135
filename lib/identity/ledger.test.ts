import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { auditLog, employees, identities, identityConflicts, loginAttempts } from "@/db/schema";
import type { Db } from "@/db/client";
import { buildViewer } from "@/lib/auth/build-viewer";
import { beginLogin, checkState, completeLogin } from "@/lib/auth/login-flow";
import { LoginRefusal } from "@/lib/auth/refusal";
import { canSeeEmployee, employeeScope } from "@/lib/auth/scope";
import { verifyLoginTicket } from "@/lib/auth/ticket";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { linkConflict, listConflicts, rejectConflict } from "./conflicts";
import { resolveVendorAccount } from "./ledger";

const org = buildDemoOrg();
const CORP = "wwtestcorp";
let t: TestDatabase;
let db: Db;

const empByNo = async (no: string) => (await db.select().from(employees).where(eq(employees.employeeNo, no)))[0];
const countEmployees = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(employees))[0].n;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedDemo(db);
});
afterAll(async () => {
  await t?.close();
});

describe("identity ledger", () => {
  it("uses an existing link and never re-matches it", async () => {
    const p = org.employees[5];
    const [link] = await db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, p.wecomUserId)));
    const r = await resolveVendorAccount(db, { provider: "wecom", corpId: link.corpId, externalId: p.wecomUserId });
    expect(r).toMatchObject({ ok: true, employeeId: link.employeeId, firstSeen: false });
  });

  it("matches a first-seen account by employee number before anything else, and links it", async () => {
    const a = org.employees[10];
    const b = org.employees[11];
    // employee number says A, mobile says B: employee number wins.
    const r = await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "new-1", employeeNo: a.employeeNo, mobile: b.mobile });
    expect(r.ok && r.matchedBy).toBe("employee_no");
    expect(r.ok && r.employeeId).toBe((await empByNo(a.employeeNo)).id);
    const again = await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "new-1" });
    expect(again).toMatchObject({ ok: true, firstSeen: false, matchedBy: "employee_no" });
  });

  it("then an earlier link of the same vendor id (another corp id), then mobile, then email (case-insensitive)", async () => {
    const p = org.employees[12];
    const byVendor = await resolveVendorAccount(db, { provider: "wecom", corpId: "ww-other-corp", externalId: p.wecomUserId, mobile: org.employees[13].mobile });
    expect(byVendor.ok && byVendor.matchedBy).toBe("vendor_id");
    expect(byVendor.ok && byVendor.employeeId).toBe((await empByNo(p.employeeNo)).id);

    const m = org.employees[14];
    const byMobile = await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "new-m", mobile: `+86 ${m.mobile}`, email: org.employees[15].email });
    expect(byMobile.ok && byMobile.matchedBy).toBe("mobile");
    expect(byMobile.ok && byMobile.employeeId).toBe((await empByNo(m.employeeNo)).id);

    const e = org.employees[16];
    const byEmail = await resolveVendorAccount(db, { provider: "dingtalk", corpId: CORP, externalId: "new-e", email: e.email.toUpperCase() });
    expect(byEmail.ok && byEmail.matchedBy).toBe("email");
  });

  it("never matches on a name alone: an unknown account is refused, queued for HR, and no employee is created", async () => {
    const before = await countEmployees();
    const r = await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "stranger", name: org.employees[20].name });
    expect(r).toMatchObject({ ok: false, reason: "unknown_user" });
    expect(await countEmployees()).toBe(before);
    const [c] = await db.select().from(identityConflicts).where(eq(identityConflicts.externalId, "stranger"));
    expect(c).toMatchObject({ reason: "no_match", status: "open" });
    // A second attempt refreshes the same open conflict rather than adding one.
    await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "stranger" });
    expect((await db.select().from(identityConflicts).where(eq(identityConflicts.externalId, "stranger"))).length).toBe(1);
  });

  it("sends a mobile shared by two employees to the HR queue with both candidates, linking nobody", async () => {
    const a = await empByNo(org.employees[30].employeeNo);
    const b = await empByNo(org.employees[31].employeeNo);
    await db.update(employees).set({ mobile: "13900000001" }).where(eq(employees.id, a.id));
    await db.update(employees).set({ mobile: "13900000001" }).where(eq(employees.id, b.id));
    const r = await resolveVendorAccount(db, { provider: "dingtalk", corpId: CORP, externalId: "shared-mobile", mobile: "13900000001" });
    expect(r).toMatchObject({ ok: false, reason: "ambiguous" });
    const [c] = await db.select().from(identityConflicts).where(eq(identityConflicts.externalId, "shared-mobile"));
    expect(c.reason).toBe("ambiguous");
    expect([...c.candidateEmployeeIds].sort()).toEqual([a.id, b.id].sort());
    expect(await db.select().from(identities).where(eq(identities.externalId, "shared-mobile"))).toHaveLength(0);
  });

  it("refuses a departed employee, by existing link and when first seen", async () => {
    const p = org.employees[40];
    const emp = await empByNo(p.employeeNo);
    await db.update(employees).set({ status: "departed", departedAt: new Date() }).where(eq(employees.id, emp.id));
    const [link] = await db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, p.wecomUserId)));
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: link.corpId, externalId: p.wecomUserId })).toMatchObject({ ok: false, reason: "departed" });
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "dep-2", employeeNo: p.employeeNo })).toMatchObject({
      ok: false,
      reason: "departed",
    });
    expect(await buildViewer(db, emp.id)).toBeNull(); // sessions stop working with the next request
  });
});

describe("HR conflict queue", () => {
  it("links after HR decides (audited); rejects stay refused; non-HR may not touch it", async () => {
    const hr = (await buildViewer(db, (await empByNo(org.employees.find((e) => e.role === "hr")!.employeeNo)).id))!;
    const plain = (await buildViewer(db, (await empByNo(org.employees.find((e) => !e.isLeader && e.role === "employee")!.employeeNo)).id))!;
    expect(hr.roles.has("hr")).toBe(true);
    await expect(listConflicts(db, plain)).rejects.toMatchObject({ status: 403 });

    const open = await listConflicts(db, hr);
    const shared = open.find((c) => c.externalId === "shared-mobile")!;
    expect(shared.candidates).toHaveLength(2);
    await expect(linkConflict(db, plain, { conflictId: shared.id, employeeId: shared.candidates[0].id })).rejects.toMatchObject({ status: 403 });
    // By employee number: the role is checked before the lookup, so a real and an invented number answer alike.
    const realNo = org.employees.find((e) => e.role === "employee")!.employeeNo;
    await expect(linkConflict(db, plain, { conflictId: shared.id, employeeNo: realNo })).rejects.toMatchObject({ status: 403 });
    await expect(linkConflict(db, plain, { conflictId: shared.id, employeeNo: "QD99999" })).rejects.toMatchObject({ status: 403 });
    await expect(linkConflict(db, plain, { conflictId: 99_999_999, employeeNo: "QD99999" })).rejects.toMatchObject({ status: 403 });
    await expect(linkConflict(db, hr, { conflictId: shared.id, employeeNo: "QD99999" })).rejects.toMatchObject({ status: 404 });
    await linkConflict(db, hr, { conflictId: shared.id, employeeId: shared.candidates[0].id });
    const r = await resolveVendorAccount(db, { provider: "dingtalk", corpId: CORP, externalId: "shared-mobile" });
    expect(r).toMatchObject({ ok: true, employeeId: shared.candidates[0].id, matchedBy: "hr_manual" });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "identity.link"));
    expect(audits.map((a) => a.targetId)).toContain(String(shared.id));
    await expect(linkConflict(db, hr, { conflictId: shared.id, employeeId: shared.candidates[1].id })).rejects.toMatchObject({ status: 409 });

    // Linking an account to the admin lets it sign in as the admin: HR may not, an admin may.
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "wants-admin" })).toMatchObject({ ok: false });
    const wants = (await listConflicts(db, hr)).find((c) => c.externalId === "wants-admin")!;
    const adminEmp = await empByNo(org.employees.find((e) => e.role === "admin")!.employeeNo);
    await expect(linkConflict(db, hr, { conflictId: wants.id, employeeId: adminEmp.id })).rejects.toMatchObject({ status: 403 });
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "wants-admin" })).toMatchObject({ ok: false });
    const admin = (await buildViewer(db, adminEmp.id))!;
    expect(admin.roles.has("admin")).toBe(true);
    await linkConflict(db, admin, { conflictId: wants.id, employeeId: adminEmp.id });
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "wants-admin" })).toMatchObject({ ok: true, employeeId: adminEmp.id });

    const stranger = (await listConflicts(db, hr)).find((c) => c.externalId === "stranger")!;
    await rejectConflict(db, hr, { conflictId: stranger.id });
    expect(await resolveVendorAccount(db, { provider: "wecom", corpId: CORP, externalId: "stranger" })).toMatchObject({ ok: false, reason: "rejected" });
  });
});

describe("viewer roles and scopes", () => {
  it("manager reads their subtree including indirect reports; another manager does not; HR reads everyone", async () => {
    const lead = org.employees.find((e) => e.isLeader && e.departmentCode === "D110" && e.role === "employee")!;
    const deep = org.employees.find((e) => e.departmentCode === "D111" && !e.isLeader)!; // a team below 平台研发部
    const sales = org.employees.find((e) => e.departmentCode === "D311" && e.isLeader)!;
    const m = (await buildViewer(db, (await empByNo(lead.employeeNo)).id))!;
    const other = (await buildViewer(db, (await empByNo(sales.employeeNo)).id))!;
    const deepId = (await empByNo(deep.employeeNo)).id;
    expect(m.roles.has("manager")).toBe(true);
    expect(await canSeeEmployee(db, m, deepId)).toBe(true);
    expect(await canSeeEmployee(db, other, deepId)).toBe(false);
    const visible = await db.select({ id: employees.id }).from(employees).where(employeeScope(other));
    expect(visible.map((v) => v.id)).not.toContain(deepId);
    expect(visible.map((v) => v.id)).toContain(other.employeeId);
    const hr = (await buildViewer(db, (await empByNo(org.employees.find((e) => e.role === "hr")!.employeeNo)).id))!;
    const all = await db.select({ id: employees.id }).from(employees).where(employeeScope(hr));
    expect(all.length).toBe(await countEmployees());
  });
});

describe("sign-in completion", () => {
  const secret = "x".repeat(40);
  it("refuses tampered state, claims a code once, tells expired from reused", async () => {
    const { state, cookie } = beginLogin(secret, "wecom_oauth", "/meetings");
    expect(checkState(secret, cookie, "wecom", state).next).toBe("/meetings");
    // Change the last character (to one it is not: a state that already ended in "x" made this a no-op, 1 run in 64).
    expect(() => checkState(secret, cookie, "wecom", `${state.slice(0, -1)}${state.endsWith("x") ? "y" : "x"}`)).toThrow(LoginRefusal);
    expect(() => checkState(secret, cookie, "dingtalk", state)).toThrow(LoginRefusal);
    expect(() => checkState(secret, `${cookie}x`, "wecom", state)).toThrow(LoginRefusal);

    const p = org.employees[50];
    const [link] = await db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, p.wecomUserId)));
    let calls = 0;
    const exchange = async () => {
      calls++;
      return { provider: "wecom" as const, corpId: link.corpId, externalId: p.wecomUserId };
    };
    const ok = await completeLogin(db, secret, { flow: "wecom_oauth", code: "code-1", exchange });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(verifyLoginTicket(secret, ok.ticket)?.employeeId).toBe(link.employeeId);
    const again = await completeLogin(db, secret, { flow: "wecom_oauth", code: "code-1", exchange });
    expect(again).toMatchObject({ ok: false, reason: "code_reused" });
    expect(calls).toBe(1); // a reused code never reaches the vendor

    const expired = await completeLogin(db, secret, {
      flow: "wecom_oauth",
      code: "code-2",
      exchange: async () => {
        throw new LoginRefusal("code_invalid", "40029");
      },
    });
    expect(expired).toMatchObject({ ok: false, reason: "code_invalid" });
    const rows = await db.select().from(loginAttempts).where(eq(loginAttempts.reference, expired.reference));
    expect(rows[0]).toMatchObject({ outcome: "refused", reason: "code_invalid" });
  });
});
