// People as the console shows them: always scoped to the viewer (self / led subtrees / everyone).
import "server-only";
import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, identities } from "@/db/schema";
import { canSeeEmployee, employeeScope } from "@/lib/auth/scope";
import type { Viewer } from "@/lib/auth/viewer";

export const peopleQuery = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  status: z.enum(["active", "departed", "all"]).catch("active").default("active"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type PeopleQuery = z.infer<typeof peopleQuery>;

export const PAGE_SIZE = 50;

export interface PersonRow {
  id: number;
  employeeNo: string;
  name: string;
  title: string | null;
  status: "active" | "departed";
  departmentName: string | null;
  providers: { provider: string; externalId: string; matchedBy: string }[];
}

/** The list's condition (on employees left-joined to departments): the viewer's scope plus the page's filters. */
export function peopleWhere(viewer: Viewer, args: Pick<PeopleQuery, "q" | "status">) {
  const conds = [employeeScope(viewer)];
  if (args.status !== "all") conds.push(eq(employees.status, args.status));
  if (args.q) {
    const like = `%${args.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(employees.name, like), ilike(employees.employeeNo, like), ilike(departments.name, like))!);
  }
  return and(...conds);
}

export async function listPeople(db: Db, viewer: Viewer, args: PeopleQuery): Promise<{ rows: PersonRow[]; total: number }> {
  const where = peopleWhere(viewer, args);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(where);
  const rows = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      title: employees.title,
      status: employees.status,
      departmentName: departments.name,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(where)
    .orderBy(asc(departments.path), asc(employees.employeeNo))
    .limit(PAGE_SIZE)
    .offset((args.page - 1) * PAGE_SIZE);
  const links = rows.length
    ? await db
        .select({ employeeId: identities.employeeId, provider: identities.provider, externalId: identities.externalId, matchedBy: identities.matchedBy })
        .from(identities)
        .where(inArray(identities.employeeId, rows.map((r) => r.id)))
    : [];
  return {
    total: n,
    rows: rows.map((r) => ({ ...r, providers: links.filter((l) => l.employeeId === r.id).map(({ provider, externalId, matchedBy }) => ({ provider, externalId, matchedBy })) })),
  };
}

export interface PersonDetail {
  id: number;
  employeeNo: string;
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  status: "active" | "departed";
  departedAt: Date | null;
  departmentName: string | null;
  identities: { id: number; provider: string; corpId: string; externalId: string; unionId: string | null; matchedBy: string; verifiedAt: Date | null; createdAt: Date }[];
}

/** One person, or null when missing or outside the viewer's scope (callers answer 404 either way). */
export async function getPerson(db: Db, viewer: Viewer, id: number): Promise<PersonDetail | null> {
  if (!(await canSeeEmployee(db, viewer, id))) return null;
  const [p] = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      title: employees.title,
      mobile: employees.mobile,
      email: employees.email,
      status: employees.status,
      departedAt: employees.departedAt,
      departmentName: departments.name,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(eq(employees.id, id));
  if (!p) return null;
  const links = await db
    .select({
      id: identities.id,
      provider: identities.provider,
      corpId: identities.corpId,
      externalId: identities.externalId,
      unionId: identities.unionId,
      matchedBy: identities.matchedBy,
      verifiedAt: identities.verifiedAt,
      createdAt: identities.createdAt,
    })
    .from(identities)
    .where(eq(identities.employeeId, id))
    .orderBy(asc(identities.provider));
  return { ...p, identities: links };
}

/** Mask a mobile for display (138****5678): HR sees enough to compare evidence, not the whole number. */
export function maskMobile(m: string | null | undefined): string {
  if (!m) return "—";
  return m.length >= 7 ? `${m.slice(0, 3)}****${m.slice(-4)}` : "****";
}

/**
 * An active employee's internal id by employee number, within what the viewer may resolve (GET /api/meetings/people;
 * the console's claim form). The decision (issue 10 item 7):
 * - HR/admin: anyone active;
 * - managers: the people of their subtrees (employeeScope, as on the people page) — nobody outside them;
 * - organisers (anyone organising a meeting that is not cancelled): additionally the people of their meetings
 *   (invitees and anyone recorded in them). Non-HR lookups serve claiming an unmatched video participant, and a claim
 *   by an organiser accepts only an invitee of that meeting (lib/meetings/mutations claimUnmatched), so this is
 *   exactly the set they can act on; whom they invite is chosen by department or name in the meeting form;
 * - everyone: themselves.
 * Any other number answers "none", exactly like a number that does not exist: no employee-number oracle, and the
 * answer does not tell whether the viewer counts as an organiser.
 */
export async function resolveEmployeeNo(db: Db, viewer: Viewer, employeeNo: string): Promise<{ id: number } | "none"> {
  const ofTheirMeetings = sql`${employees.id} in (
    select i.employee_id from meeting_invitees i join meetings m on m.id = i.meeting_id where m.organizer_id = ${viewer.employeeId} and m.status <> 'cancelled'
    union select a.employee_id from meeting_attendance a join meetings m on m.id = a.meeting_id where m.organizer_id = ${viewer.employeeId} and m.status <> 'cancelled')`;
  const [e] = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.employeeNo, employeeNo), eq(employees.status, "active"), or(employeeScope(viewer), ofTheirMeetings)))
    .limit(1);
  return e ? { id: e.id } : "none";
}
