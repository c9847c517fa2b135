// Reading a vendor's whole directory through its contact APIs, within their rate limits (the clients pace
// every API; here we only keep enough calls in flight to use the allowance).
// WeCom: department/list (1 call, recursive, with leaders) + user/list per department.
// DingTalk: department/get for the root, topapi/v2/department/listsub breadth-first, and topapi/v2/user/list
// (cursor, size 100) per department, and topapi/v2/department/get for leaders, pipelined: a department's members are fetched as soon as it is found.
import "server-only";
import type { DingtalkClient } from "@/lib/vendors/dingtalk/client";
import type { WecomClient, WecomUser } from "@/lib/vendors/wecom/client";

export interface SnapshotDept {
  externalId: string;
  name: string;
  parentExternalId: string | null;
  order: number;
  leaders: string[];
}

export interface SnapshotUser {
  externalId: string;
  unionId: string | null;
  name: string;
  mobile: string | null;
  email: string | null;
  title: string | null;
  /** the vendor's job number (工号) when the directory carries one */
  jobNumber: string | null;
  departments: string[]; // first = main department
  active: boolean;
}

export interface Snapshot {
  source: "wecom" | "dingtalk";
  corpId: string;
  departments: SnapshotDept[];
  users: SnapshotUser[];
  calls: Record<string, number>;
}

/** Run `fn` over items with at most `n` in flight; new items may be pushed while running. */
async function pool<T>(queue: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let active = 0;
  let failed: unknown = null;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (failed) return;
      while (active < n && queue.length > 0) {
        const item = queue.shift()!;
        active++;
        fn(item).then(
          () => {
            active--;
            if (queue.length === 0 && active === 0) resolve();
            else pump();
          },
          (e) => {
            failed = e;
            reject(e);
          },
        );
      }
      if (queue.length === 0 && active === 0) resolve();
    };
    pump();
  });
}

const nonEmpty = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);

/** WeCom's job number: the custom attribute 工号 (WeCom has no standard job-number field). */
export function wecomJobNumber(u: WecomUser): string | null {
  const attr = u.extattr?.attrs.find((a) => a.name === "工号");
  return nonEmpty(attr?.text?.value ?? attr?.value);
}

export async function wecomSnapshot(client: WecomClient): Promise<Snapshot> {
  const calls: Record<string, number> = { "department/list": 1, "user/list": 0 };
  const depts = await client.listDepartments();
  const users = new Map<string, SnapshotUser>();
  await pool(
    depts.map((d) => d.id),
    16,
    async (id) => {
      calls["user/list"]++;
      for (const u of await client.listUsers(id)) {
        if (users.has(u.userid)) continue;
        const main = u.main_department ?? u.department[0];
        const ordered = [main, ...u.department.filter((x) => x !== main)].filter((x) => x !== undefined);
        users.set(u.userid, {
          externalId: u.userid,
          unionId: null,
          name: u.name,
          mobile: nonEmpty(u.mobile),
          email: nonEmpty(u.email) ?? nonEmpty(u.biz_mail),
          title: nonEmpty(u.position),
          jobNumber: wecomJobNumber(u),
          departments: ordered.map(String),
          active: u.status !== 2, // 1 active, 2 disabled, 4 not activated (still on the roster)
        });
      }
    },
  );
  return {
    source: "wecom",
    corpId: client.config.corpId,
    departments: depts.map((d) => ({
      externalId: String(d.id),
      name: d.name,
      parentExternalId: d.parentid && depts.some((p) => p.id === d.parentid) ? String(d.parentid) : null,
      order: d.order ?? 0,
      leaders: d.department_leader ?? [],
    })),
    users: [...users.values()],
    calls,
  };
}

/** Called during a read with people whose departments are all known, so writing can overlap the reading. */
export type ProgressSink = (batch: { departments: SnapshotDept[]; users: SnapshotUser[] }) => void;

export async function dingtalkSnapshot(client: DingtalkClient, rootId = 1, onProgress?: ProgressSink): Promise<Snapshot> {
  const calls: Record<string, number> = { "department/get": 1, "department/listsub": 0, "user/list": 0 };
  const rootInfo = await client.getDepartment(rootId);
  const departments = new Map<number, SnapshotDept>();
  departments.set(rootId, { externalId: String(rootId), name: rootInfo?.name ?? "", parentExternalId: null, order: rootInfo?.order ?? 0, leaders: [] });
  const users = new Map<string, SnapshotUser>();
  const complete = new Set<number>([rootId]); // department/get answered: name, order, leaders final
  let pending: SnapshotUser[] = [];
  const flush = (force: boolean) => {
    if (!onProgress || (!force && pending.length < 2500)) return;
    // a department is ready when it and all its ancestors are complete (parents get their rows first)
    const readyDept = new Map<number, boolean>();
    const isReady = (id: number): boolean => {
      if (readyDept.has(id)) return readyDept.get(id)!;
      const d = departments.get(id);
      const ok = !!d && complete.has(id) && (d.parentExternalId === null || isReady(Number(d.parentExternalId)));
      readyDept.set(id, ok);
      return ok;
    };
    const ready = pending.filter((u) => u.departments.every((d) => isReady(Number(d))));
    if (!ready.length) return;
    const readyIds = new Set(ready.map((u) => u.externalId));
    pending = pending.filter((u) => !readyIds.has(u.externalId));
    const depts = [...departments.values()].filter((d) => isReady(Number(d.externalId)));
    onProgress({ departments: depts, users: ready });
  };

  // Two pipelines, each paced by its own API limiter: listsub discovers departments, user/list reads members.
  const deptQueue: number[] = [rootId];
  const memberQueue: number[] = [rootId];
  let order = 0;
  let deptsDone = false;
  const deptWork = pool(deptQueue, 24, async (id) => {
    calls["department/listsub"]++;
    if (id !== rootId) calls["department/get"]++;
    const [children, info] = await Promise.all([
      client.listSubDepartments(id),
      id === rootId ? Promise.resolve(rootInfo) : client.getDepartment(id),
    ]);
    // Leaders need not be members of the department they lead: dept_manager_userid_list is the source.
    const d = departments.get(id);
    if (d) {
      d.leaders = [...(info?.dept_manager_userid_list ?? [])].sort();
      if (typeof info?.order === "number") d.order = info.order;
    }
    complete.add(id);
    for (const c of children) {
      departments.set(c.dept_id, { externalId: String(c.dept_id), name: c.name, parentExternalId: String(id), order: ++order, leaders: [] });
      deptQueue.push(c.dept_id);
      memberQueue.push(c.dept_id);
    }
  }).finally(() => {
    deptsDone = true;
  });
  const readMembers = async (id: number) => {
    let cursor = 0;
    for (;;) {
      calls["user/list"]++;
      const page = await client.listUsers(id, cursor, 100);
      for (const u of page.list) {
        if (users.has(u.userid)) continue;
        const person: SnapshotUser = {
          externalId: u.userid,
          unionId: nonEmpty(u.unionid),
          name: u.name,
          mobile: nonEmpty(u.mobile),
          email: nonEmpty(u.email) ?? nonEmpty(u.org_email),
          title: nonEmpty(u.title),
          jobNumber: nonEmpty(u.job_number),
          departments: u.dept_id_list.map(String),
          active: true, // user/list returns members of the organisation; leavers disappear from it
        };
        users.set(u.userid, person);
        pending.push(person);
      }
      flush(false);
      if (!page.hasMore || page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  };
  // Member reads keep going while departments are still being discovered.
  const memberWork = (async () => {
    for (;;) {
      if (memberQueue.length > 0) await pool(memberQueue, 24, readMembers);
      else if (deptsDone) return;
      else await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await Promise.all([deptWork, memberWork]);
  return { source: "dingtalk", corpId: client.config.corpId, departments: [...departments.values()], users: [...users.values()], calls };
}
