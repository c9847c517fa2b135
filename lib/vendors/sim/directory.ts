// The simulator's contact directory, derived from db/demo-org.ts so the vendors "say" what the seed wrote.
// One mutable copy per vendor: tests and the console rename, move, add and remove people and departments.
import { buildDemoOrg, ledDepartmentCodes, type DemoOrg } from "@/db/demo-org";

export type SimOrgSize = "demo" | "large";

export interface SimDept {
  id: number;
  name: string;
  nameEn: string;
  parentId: number; // 0 above the root (WeCom parentid 0; DingTalk root has parent_id 0 too in our model)
  order: number;
  /** userids of the department's leaders (WeCom department_leader; DingTalk leader_in_dept). */
  leaders: string[];
}

export interface SimUser {
  userid: string;
  unionid: string; // DingTalk only ("" for WeCom)
  name: string;
  mobile: string;
  email: string;
  title: string;
  jobNumber: string; // WeCom: custom attribute 工号; DingTalk: job_number
  departments: number[]; // first = main department
  /** 1 active (WeCom status / DingTalk active); 2 disabled */
  status: 1 | 2;
}

export interface VendorDirectory {
  depts: Map<number, SimDept>;
  users: Map<string, SimUser>;
}

export interface SimDirectory {
  wecom: VendorDirectory;
  dingtalk: VendorDirectory;
}

export function orgForSize(size: SimOrgSize): DemoOrg {
  return size === "large" ? buildDemoOrg({ employees: 10_000, departments: 500 }) : buildDemoOrg();
}

export function buildDirectory(size: SimOrgSize): SimDirectory {
  const org = orgForSize(size);
  const byCode = new Map(org.departments.map((d) => [d.code, d]));
  const make = (vendor: "wecom" | "dingtalk"): VendorDirectory => {
    const idOf = (code: string) => (vendor === "wecom" ? byCode.get(code)!.wecomId : byCode.get(code)!.dingtalkId);
    const depts = new Map<number, SimDept>();
    for (const d of org.departments) {
      depts.set(idOf(d.code), {
        id: idOf(d.code),
        name: d.name,
        nameEn: d.nameEn,
        parentId: d.parentCode ? idOf(d.parentCode) : 0,
        order: d.order,
        leaders: [],
      });
    }
    const users = new Map<string, SimUser>();
    for (const e of org.employees) {
      const userid = vendor === "wecom" ? e.wecomUserId : e.dingtalkUserId;
      users.set(userid, {
        userid,
        unionid: vendor === "dingtalk" ? e.dingtalkUnionId : "",
        name: e.name,
        mobile: e.mobile,
        email: e.email,
        title: e.title,
        jobNumber: e.employeeNo,
        departments: [idOf(e.departmentCode)],
        status: 1,
      });
      for (const code of ledDepartmentCodes(e)) depts.get(idOf(code))!.leaders.push(userid);
    }
    return { depts, users };
  };
  return { wecom: make("wecom"), dingtalk: make("dingtalk") };
}

/** Direct members of a department, in a stable order (vendors page in their own stable order). */
export function membersOf(dir: VendorDirectory, deptId: number): SimUser[] {
  const out: SimUser[] = [];
  for (const u of dir.users.values()) if (u.departments.includes(deptId)) out.push(u);
  return out;
}

export function childrenOf(dir: VendorDirectory, deptId: number): SimDept[] {
  return [...dir.depts.values()].filter((d) => d.parentId === deptId).sort((a, b) => a.order - b.order || a.id - b.id);
}

/** The department and everything below it, parents first. */
export function subtreeOf(dir: VendorDirectory, deptId: number): SimDept[] {
  const root = dir.depts.get(deptId);
  if (!root) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(dir, out[i].id));
  return out;
}

export function isLeader(dir: VendorDirectory, deptId: number, userid: string): boolean {
  return dir.depts.get(deptId)?.leaders.includes(userid) ?? false;
}
