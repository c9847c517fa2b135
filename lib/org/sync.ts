// Full organisation sync: a vendor directory snapshot applied to departments, employees, memberships, leaders
// and the identity ledger; recorded in sync_runs. Idempotent: a second run with no vendor change writes nothing.
//
// Employee numbers: the vendor's job number (DingTalk job_number; WeCom custom attribute 工号) when present.
// Without one, a person already linked in the ledger keeps their employee; a new person gets
// employee_no "<source>-<userid>" (e.g. "wecom-ZhangWei"), so a re-run finds the same row.
// Departures: a linked person missing from the directory (or disabled in WeCom) → status departed, departed_at.
import "server-only";
import { and, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departmentLeaders, departments, employeeDepartments, employees, identities, syncRuns } from "@/db/schema";
import { log } from "@/lib/observability/log";
import { activeLinkedCount, describeRemovals, exceedsShrink, holdSnapshot, ShrinkHeld, shrinkLimits, type ShrinkLimits } from "./guard";
import type { Snapshot } from "./snapshot";

export type OrgSource = "wecom" | "dingtalk";

export interface ApplyCounts {
  added: number;
  changed: number;
  removed: number;
  errors: string[];
  details: Record<string, number>;
  /** departments (vendor ids) this apply created: a later apply of the same run does not count them as changed */
  addedDeptExt?: string[];
  /** employees this apply marked departed (the shrink guard's list) */
  departedIds?: number[];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** UPDATE t SET … FROM (VALUES …) in batches: one statement per 500 rows. */
async function batchUpdate(db: Db, table: string, cols: { name: string; type: string }[], rows: unknown[][], extraSet = ""): Promise<void> {
  for (const part of chunks(rows, 500)) {
    const values = sql.join(
      part.map((r) => sql`(${sql.join(r.map((v, i) => sql`${v}::${sql.raw(cols[i].type)}`), sql`, `)})`),
      sql`, `,
    );
    const names = cols.map((c) => c.name).join(", ");
    const sets = cols
      .slice(1)
      .map((c) => `${c.name} = v.${c.name}`)
      .join(", ");
    await db.execute(sql`UPDATE ${sql.raw(table)} AS t SET ${sql.raw(sets)}${sql.raw(extraSet)} FROM (VALUES ${values}) AS v(${sql.raw(names)}) WHERE t.id = v.id`);
  }
}

/**
 * Apply a snapshot. `partial` (contact events): only the listed departments and people are touched; nothing
 * is removed or marked departed for being absent.
 */
export async function applySnapshot(
  db: Db,
  snap: Snapshot,
  now: Date = new Date(),
  opts: { partial?: boolean; skipLeaders?: boolean; addedEarlier?: ReadonlySet<string> } = {},
): Promise<ApplyCounts> {
  const partial = opts.partial === true;
  const source = snap.source;
  const extCol = source === "wecom" ? departments.wecomId : departments.dingtalkId;
  const errors: string[] = [];
  const details: Record<string, number> = {
    departmentsAdded: 0, departmentsChanged: 0, departmentsRemoved: 0, employeesAdded: 0, employeesChanged: 0,
    employeesDeparted: 0, membershipChanges: 0, leaderChanges: 0, identitiesAdded: 0,
  };
  const changedDepts = new Set<number>();
  const changedEmps = new Set<number>();
  const departedIds: number[] = [];
  const t0 = Date.now();
  const mark = (phase: string) => (details[`ms_${phase}`] = Date.now() - t0);

  // ---- departments -------------------------------------------------------------------------------------
  const existingDepts = await db
    .select({ id: departments.id, ext: extCol, name: departments.name, parentId: departments.parentId, sortOrder: departments.sortOrder, status: departments.status })
    .from(departments)
    .where(isNotNull(extCol));
  const deptByExt = new Map(existingDepts.map((d) => [d.ext!, d]));
  // created earlier in this same run: already counted as added, never also as changed
  const addedEarlierIds = new Set(existingDepts.filter((d) => opts.addedEarlier?.has(d.ext!)).map((d) => d.id));
  for (const id of addedEarlierIds) changedDepts.add(id);
  const newDepts = snap.departments.filter((d) => !deptByExt.has(d.externalId));
  for (const part of chunks(newDepts, 500)) {
    const rows = await db
      .insert(departments)
      .values(
        part.map((d) => ({
          code: `${source}-${d.externalId}`,
          name: d.name,
          parentId: null,
          path: "/",
          sortOrder: d.order,
          ...(source === "wecom" ? { wecomId: d.externalId } : { dingtalkId: d.externalId }),
        })),
      )
      .onConflictDoUpdate({ target: departments.code, set: source === "wecom" ? { wecomId: sql`excluded.wecom_id` } : { dingtalkId: sql`excluded.dingtalk_id` } })
      .returning({ id: departments.id, name: departments.name, parentId: departments.parentId, sortOrder: departments.sortOrder, status: departments.status });
    part.forEach((d, i) => {
      deptByExt.set(d.externalId, { ...rows[i], ext: d.externalId });
      changedDepts.add(rows[i].id);
    });
    details.departmentsAdded += rows.length;
  }
  const newDeptExt = new Set(newDepts.map((d) => d.externalId));
  const deptUpdates: unknown[][] = [];
  for (const d of snap.departments) {
    const row = deptByExt.get(d.externalId)!;
    const parentId = d.parentExternalId ? (deptByExt.get(d.parentExternalId)?.id ?? null) : null;
    const isNew = newDeptExt.has(d.externalId);
    if (isNew ? parentId !== null : !same(row.name, d.name) || !same(row.parentId, parentId) || row.sortOrder !== d.order || row.status !== "active") {
      deptUpdates.push([row.id, d.name, parentId, d.order, "active"]);
      if (!isNew && !changedDepts.has(row.id)) {
        changedDepts.add(row.id);
        details.departmentsChanged++;
      }
    }
  }
  await batchUpdate(
    db,
    "departments",
    [{ name: "id", type: "bigint" }, { name: "name", type: "text" }, { name: "parent_id", type: "bigint" }, { name: "sort_order", type: "integer" }, { name: "status", type: "text" }],
    deptUpdates,
    ", updated_at = now()",
  );
  const inSnapshot = new Set(snap.departments.map((d) => d.externalId));
  const goneDepts = partial ? [] : existingDepts.filter((d) => !inSnapshot.has(d.ext!) && d.status === "active");
  if (goneDepts.length) {
    await db.update(departments).set({ status: "removed", updatedAt: now }).where(inArray(departments.id, goneDepts.map((d) => d.id)));
    details.departmentsRemoved = goneDepts.length;
  }
  // Materialised paths for the whole tree in one statement; reports which rows moved.
  const moved = (await db.execute(sql`
    WITH RECURSIVE t AS (
      SELECT id, '/' || id || '/' AS path, 0 AS depth FROM departments WHERE parent_id IS NULL
      UNION ALL
      SELECT d.id, t.path || d.id || '/', t.depth + 1 FROM departments d JOIN t ON d.parent_id = t.id
    )
    UPDATE departments SET path = t.path, depth = t.depth FROM t
    WHERE departments.id = t.id AND (departments.path <> t.path OR departments.depth <> t.depth)
    RETURNING departments.id`)) as unknown as { rows?: { id: number | string }[] } | { id: number | string }[];
  // Departments no root reaches (a parent cycle in the vendor's data) keep a stale path: "/" for new ones, the old
  // place in the tree for ones moved into the cycle. Make each its own root, so its leader manages it and nothing
  // else, and the old parent's leader no longer does; the next clean sync re-parents it.
  const orphaned = (await db.execute(sql`
    WITH RECURSIVE t AS (
      SELECT id FROM departments WHERE parent_id IS NULL
      UNION ALL
      SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id
    )
    UPDATE departments SET path = '/' || id || '/', depth = 0
    WHERE id NOT IN (SELECT id FROM t) AND path <> '/' || id || '/' RETURNING id`)) as unknown as { rows?: { id: number | string }[] } | { id: number | string }[];
  const orphanRows = Array.isArray(orphaned) ? orphaned : (orphaned.rows ?? []);
  if (orphanRows.length) log.warn({ source, departments: orphanRows.length }, "org sync: departments unreachable from a root (parent cycle?) made roots");
  const movedRows = [...(Array.isArray(moved) ? moved : (moved.rows ?? [])), ...orphanRows];
  for (const r of movedRows) {
    const id = Number(r.id);
    if (!changedDepts.has(id)) {
      changedDepts.add(id);
      details.departmentsChanged++;
    }
  }
  const deptIdOf = (ext: string) => deptByExt.get(ext)?.id ?? null;

  mark("departments");
  // ---- employees ---------------------------------------------------------------------------------------
  const emps = await db
    .select({
      id: employees.id, employeeNo: employees.employeeNo, name: employees.name, mobile: employees.mobile, email: employees.email,
      title: employees.title, departmentId: employees.departmentId, status: employees.status,
    })
    .from(employees);
  const empByNo = new Map(emps.map((e) => [e.employeeNo, e]));
  const empById = new Map(emps.map((e) => [e.id, e]));
  const idents = await db
    .select({ externalId: identities.externalId, employeeId: identities.employeeId, unionId: identities.unionId, id: identities.id })
    .from(identities)
    .where(and(eq(identities.provider, source), eq(identities.corpId, snap.corpId)));
  const identByExt = new Map(idents.map((i) => [i.externalId, i]));

  type Desired = { name: string; mobile: string | null; email: string | null; title: string | null; departmentId: number | null; status: "active" | "departed" };
  const toInsert: { employeeNo: string; desired: Desired; ext: string }[] = [];
  const empUpdates: unknown[][] = [];
  const empOfUser = new Map<string, number>();
  const userOfEmp = new Map<number, string>();
  const present = new Set(snap.users.map((u) => u.externalId));
  const firstLinkOfEmp = new Map<number, string>();
  for (const i of [...idents].sort((a, b) => a.id - b.id)) if (!firstLinkOfEmp.has(i.employeeId)) firstLinkOfEmp.set(i.employeeId, i.externalId);
  const seenNos = new Set<string>();
  for (const u of snap.users) {
    const desired: Desired = {
      name: u.name,
      mobile: u.mobile,
      email: u.email,
      title: u.title,
      departmentId: u.departments.length ? deptIdOf(u.departments[0]) : null,
      status: u.active ? "active" : "departed",
    };
    const byNo = u.jobNumber ? empByNo.get(u.jobNumber) : undefined;
    const linked = identByExt.get(u.externalId);
    if (byNo && linked && linked.employeeId !== byNo.id) {
      errors.push(`${source} user ${u.externalId}: job number points to employee ${byNo.id}, ledger to ${linked.employeeId}; left unchanged`);
      continue;
    }
    const emp = byNo ?? (linked ? empById.get(linked.employeeId) : undefined);
    if (!emp) {
      const employeeNo = u.jobNumber ?? `${source}-${u.externalId}`;
      if (seenNos.has(employeeNo) || empByNo.has(employeeNo)) {
        errors.push(`${source} user ${u.externalId}: employee number ${employeeNo} already taken; skipped`);
        continue;
      }
      seenNos.add(employeeNo);
      toInsert.push({ employeeNo, desired, ext: u.externalId });
      continue;
    }
    // Two vendor accounts resolving to one employee (e.g. HR linked a second account by hand): applying both would
    // flip the employee between them on every run. The profile, memberships and leadership come from the
    // employee's oldest link (the directory's own account), never from an account HR linked later; a job-number
    // match is authoritative; otherwise the first in directory order wins. The other account is reported.
    const claimedBy = userOfEmp.get(emp.id);
    const preferred = firstLinkOfEmp.get(emp.id);
    const other = claimedBy ?? (!byNo && preferred !== undefined && preferred !== u.externalId && present.has(preferred) ? preferred : undefined);
    if (other !== undefined) {
      errors.push(`${source} user ${u.externalId}: resolves to employee ${emp.id} like user ${other}; profile left to ${other}`);
      continue;
    }
    userOfEmp.set(emp.id, u.externalId);
    empOfUser.set(u.externalId, emp.id);
    const differs =
      !same(emp.name, desired.name) || !same(emp.mobile, desired.mobile) || !same(emp.email, desired.email) ||
      !same(emp.title, desired.title) || !same(emp.departmentId, desired.departmentId) || emp.status !== desired.status;
    if (differs) {
      empUpdates.push([emp.id, desired.name, desired.mobile, desired.email, desired.title, desired.departmentId, desired.status]);
      if (desired.status === "departed" && emp.status === "active") {
        details.employeesDeparted++;
        departedIds.push(emp.id);
      }
      else {
        changedEmps.add(emp.id);
        details.employeesChanged++;
      }
    }
  }
  for (const part of chunks(toInsert, 500)) {
    const rows = await db
      .insert(employees)
      .values(part.map((p) => ({ employeeNo: p.employeeNo, ...p.desired, departedAt: p.desired.status === "departed" ? now : null })))
      .returning({ id: employees.id });
    part.forEach((p, i) => empOfUser.set(p.ext, rows[i].id));
    details.employeesAdded += rows.length;
  }
  await batchUpdate(
    db,
    "employees",
    [
      { name: "id", type: "bigint" }, { name: "name", type: "text" }, { name: "mobile", type: "text" }, { name: "email", type: "text" },
      { name: "title", type: "text" }, { name: "department_id", type: "bigint" }, { name: "status", type: "text" },
    ],
    empUpdates,
    ", updated_at = now(), departed_at = CASE WHEN v.status = 'departed' THEN COALESCE(t.departed_at, now()) ELSE NULL END",
  );

  mark("employees");
  // Departures: linked in the ledger for this vendor, no longer in its directory.
  const stillListed = new Set(empOfUser.values());
  const departing = idents
    .filter((i) => !present.has(i.externalId))
    .map((i) => i.employeeId)
    .filter((id) => empById.get(id)?.status === "active" && !stillListed.has(id));
  const departingIds = partial ? [] : [...new Set(departing)];
  if (departingIds.length) {
    await db.update(employees).set({ status: "departed", departedAt: now, updatedAt: now }).where(and(inArray(employees.id, departingIds), eq(employees.status, "active")));
    details.employeesDeparted += departingIds.length;
    departedIds.push(...departingIds);
  }

  mark("departures");
  // ---- identities --------------------------------------------------------------------------------------
  const newIdents: (typeof identities.$inferInsert)[] = [];
  const unionUpdates: unknown[][] = [];
  for (const u of snap.users) {
    const empId = empOfUser.get(u.externalId);
    if (empId === undefined) continue;
    const cur = identByExt.get(u.externalId);
    if (!cur) newIdents.push({ provider: source, corpId: snap.corpId, externalId: u.externalId, unionId: u.unionId, employeeId: empId, matchedBy: "sync", verifiedAt: now });
    else if (u.unionId && cur.unionId !== u.unionId) unionUpdates.push([cur.id, u.unionId]);
  }
  for (const part of chunks(newIdents, 500)) await db.insert(identities).values(part).onConflictDoNothing();
  details.identitiesAdded = newIdents.length;
  await batchUpdate(db, "identities", [{ name: "id", type: "bigint" }, { name: "union_id", type: "text" }], unionUpdates);

  mark("identities");
  // ---- memberships -------------------------------------------------------------------------------------
  const snapEmpIds = [...new Set(empOfUser.values())];
  const currentMembership = new Map<number, Set<number>>();
  for (const part of chunks(snapEmpIds, 5000)) {
    const rows = await db
      .select({ e: employeeDepartments.employeeId, d: employeeDepartments.departmentId })
      .from(employeeDepartments)
      .where(inArray(employeeDepartments.employeeId, part));
    for (const r of rows) {
      if (!currentMembership.has(r.e)) currentMembership.set(r.e, new Set());
      currentMembership.get(r.e)!.add(r.d);
    }
  }
  const insertedExt = new Set(toInsert.map((p) => p.ext));
  const addPairs: { employeeId: number; departmentId: number }[] = [];
  const delConds: SQL[] = [];
  for (const u of snap.users) {
    const e = empOfUser.get(u.externalId);
    if (e === undefined) continue;
    const want = new Set(u.departments.map(deptIdOf).filter((x): x is number => x !== null));
    const have = currentMembership.get(e) ?? new Set<number>();
    const adds = [...want].filter((d) => !have.has(d));
    const dels = [...have].filter((d) => !want.has(d));
    for (const d of adds) addPairs.push({ employeeId: e, departmentId: d });
    if (dels.length) delConds.push(and(eq(employeeDepartments.employeeId, e), inArray(employeeDepartments.departmentId, dels))!);
    if ((adds.length || dels.length) && !insertedExt.has(u.externalId)) {
      details.membershipChanges++;
      changedEmps.add(e);
    }
  }
  for (const part of chunks(addPairs, 1000)) await db.insert(employeeDepartments).values(part).onConflictDoNothing();
  for (const part of chunks(delConds, 200)) await db.delete(employeeDepartments).where(sql.join(part, sql` OR `));

  mark("memberships");
  if (opts.skipLeaders) {
    return {
      added: details.departmentsAdded + details.employeesAdded,
      changed: details.departmentsChanged + changedEmps.size,
      removed: details.departmentsRemoved + details.employeesDeparted,
      errors,
      details,
      addedDeptExt: newDepts.map((d) => d.externalId),
      departedIds,
    };
  }
  // ---- leaders -----------------------------------------------------------------------------------------
  const snapDeptIds = snap.departments.map((d) => deptIdOf(d.externalId)!).filter((x) => x !== null);
  const wantLeaders = new Set<string>();
  for (const d of snap.departments) {
    const did = deptIdOf(d.externalId)!;
    for (const l of d.leaders) {
      // a leader outside this snapshot's people (partial runs, or not visible) is found through the ledger
      const e = empOfUser.get(l) ?? identByExt.get(l)?.employeeId;
      if (e !== undefined) wantLeaders.add(`${did}:${e}`);
    }
  }
  const haveLeaders = new Set<string>();
  for (const part of chunks(snapDeptIds, 5000)) {
    const rows = await db.select().from(departmentLeaders).where(inArray(departmentLeaders.departmentId, part));
    for (const r of rows) haveLeaders.add(`${r.departmentId}:${r.employeeId}`);
  }
  const leaderAdds = [...wantLeaders].filter((k) => !haveLeaders.has(k)).map((k) => k.split(":").map(Number));
  const leaderDels = [...haveLeaders].filter((k) => !wantLeaders.has(k)).map((k) => k.split(":").map(Number));
  for (const part of chunks(leaderAdds, 1000)) {
    await db.insert(departmentLeaders).values(part.map(([departmentId, employeeId]) => ({ departmentId, employeeId }))).onConflictDoNothing();
  }
  for (const [departmentId, employeeId] of leaderDels) {
    await db.delete(departmentLeaders).where(and(eq(departmentLeaders.departmentId, departmentId), eq(departmentLeaders.employeeId, employeeId)));
  }
  for (const [d] of [...leaderAdds, ...leaderDels]) {
    if (!changedDepts.has(d)) {
      changedDepts.add(d);
      details.departmentsChanged++;
    }
  }
  details.leaderChanges = leaderAdds.length + leaderDels.length;
  mark("leaders");

  return {
    added: details.departmentsAdded + details.employeesAdded,
    changed: details.departmentsChanged + changedEmps.size,
    removed: details.departmentsRemoved + details.employeesDeparted,
    errors,
    details,
    addedDeptExt: newDepts.map((d) => d.externalId),
    departedIds,
  };
}

export interface SyncRunResult extends ApplyCounts {
  runId: number;
  source: OrgSource;
  status: "succeeded" | "failed" | "partial" | "held";
  /** status "held": the org_sync_holds row HR confirms or discards */
  holdId?: number;
  durationMs: number;
  calls: Record<string, number>;
}

/**
 * One full sync: read the vendor's directory (paced by the clients' rate limiters), apply it in one transaction,
 * record the run. Vendor or database failures mark the run failed with the reason and rethrow.
 */
export async function runFullSync(
  db: Db,
  source: OrgSource,
  corpId: string,
  readSnapshot: (onProgress: (batch: { departments: Snapshot["departments"]; users: Snapshot["users"] }) => void) => Promise<Snapshot>,
  opts: { shrink?: ShrinkLimits } = {},
): Promise<SyncRunResult> {
  const started = Date.now();
  const [run] = await db.insert(syncRuns).values({ source, kind: "org_full", status: "running" }).returning({ id: syncRuns.id });
  try {
    // People whose departments are already known are written while the rest is still being read (partial
    // applies, one at a time); the final apply of the whole snapshot then only finishes what is left and
    // handles departures, removals and leaders. Counts add up; with no vendor change every one is 0.
    const total: ApplyCounts = { added: 0, changed: 0, removed: 0, errors: [], details: {} };
    const addedEarlier = new Set<string>();
    const addUp = (c: ApplyCounts) => {
      for (const ext of c.addedDeptExt ?? []) addedEarlier.add(ext);
      total.added += c.added;
      total.changed += c.changed;
      total.removed += c.removed;
      total.errors.push(...c.errors);
      for (const [k, v] of Object.entries(c.details)) if (!k.startsWith("ms_")) total.details[k] = (total.details[k] ?? 0) + v;
    };
    let writes: Promise<void> = Promise.resolve();
    const snap = await readSnapshot((batch) => {
      writes = writes.then(async () => {
        const c = await db.transaction((tx) =>
          applySnapshot(tx as unknown as Db, { source, corpId, departments: batch.departments, users: batch.users, calls: {} }, new Date(), { partial: true, skipLeaders: true }),
        );
        addUp(c);
      });
      return writes;
    });
    await writes;
    const fetchedMs = Date.now() - started;
    const limits = opts.shrink ?? shrinkLimits();
    let final: ApplyCounts;
    try {
      // Applied and checked in one transaction: a snapshot that removes too many people rolls back whole.
      final = await db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const before = await activeLinkedCount(t, source, corpId);
        const c = await applySnapshot(t, snap, new Date(), { addedEarlier });
        const departed = c.departedIds ?? [];
        if (exceedsShrink(departed.length, before, limits)) throw new ShrinkHeld(await describeRemovals(t, departed), before);
        return c;
      });
    } catch (e) {
      if (!(e instanceof ShrinkHeld)) throw e;
      const holdId = await holdSnapshot(db, run.id, snap, e, limits);
      const durationMs = Date.now() - started;
      await db
        .update(syncRuns)
        .set({
          status: "held",
          added: total.added,
          changed: total.changed,
          removed: 0,
          errors: [`held for HR: would mark ${e.removals.length} of ${e.activeBefore} people departed`],
          errorCount: 0,
          details: { ...total.details, holdId, wouldRemove: e.removals.length, activeBefore: e.activeBefore, durationMs, calls: snap.calls, people: snap.users.length, departments: snap.departments.length },
          finishedAt: new Date(),
        })
        .where(eq(syncRuns.id, run.id));
      log.warn({ source, runId: run.id, holdId, wouldRemove: e.removals.length, activeBefore: e.activeBefore }, "org sync held: snapshot shrinks the organisation beyond the guard");
      return { runId: run.id, source, status: "held", holdId, durationMs, calls: snap.calls, ...total, removed: 0 };
    }
    addUp(final);
    const counts: ApplyCounts = { ...total, details: { ...total.details, ...Object.fromEntries(Object.entries(final.details).filter(([k]) => k.startsWith("ms_"))) } };
    counts.details.fetchMs = fetchedMs;
    const durationMs = Date.now() - started;
    const status = counts.errors.length ? "partial" : "succeeded";
    await db
      .update(syncRuns)
      .set({
        status,
        added: counts.added,
        changed: counts.changed,
        removed: counts.removed,
        errorCount: counts.errors.length,
        errors: counts.errors.slice(0, 100),
        details: { ...counts.details, calls: snap.calls, durationMs, departments: snap.departments.length, people: snap.users.length },
        watermark: new Date(started),
        finishedAt: new Date(),
      })
      .where(eq(syncRuns.id, run.id));
    log.info({ source, runId: run.id, added: counts.added, changed: counts.changed, removed: counts.removed, durationMs }, "org sync finished");
    return { runId: run.id, source, status, durationMs, calls: snap.calls, ...counts };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db
      .update(syncRuns)
      .set({ status: "failed", errorCount: 1, errors: [message.slice(0, 500)], details: { durationMs: Date.now() - started }, finishedAt: new Date() })
      .where(eq(syncRuns.id, run.id));
    log.warn({ source, runId: run.id, err: message }, "org sync failed");
    throw e;
  }
}
