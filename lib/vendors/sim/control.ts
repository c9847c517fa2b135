// The simulator's control surface (console page and tests): faults, org size and edits, clock, messages, stats.
import { z } from "zod";
import type { SimDept, SimUser } from "./directory";
import { advanceClock, expireAllTokens, resetClock, FAULT_KINDS, resetSim, simState, type SimVendor } from "./state";

export const faultInput = z
  .object({
    vendor: z.enum(["wecom", "dingtalk"]),
    api: z.string().min(1).max(200),
    kind: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).max(100_000).nullable().optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
  })
  .refine((f) => f.kind !== "quota" || f.vendor === "dingtalk", { message: "quota (90020) is a DingTalk fault", path: ["kind"] });

export function addFault(input: z.infer<typeof faultInput>): void {
  simState().faults.push({ vendor: input.vendor, api: input.api, kind: input.kind, remaining: input.count ?? null, delayMs: input.delayMs });
}

export function clearFaults(): void {
  simState().faults = [];
}

const vendor = z.enum(["wecom", "dingtalk"]);
const deptId = z.number().int().positive();

/** Directory edits, so tests can change "the vendor" and watch a sync (or an event) reflect it. */
export const orgCommand = z.discriminatedUnion("op", [
  z.object({ op: z.literal("reset"), size: z.enum(["demo", "large"]).optional() }),
  z.object({ op: z.literal("advance_clock"), seconds: z.number().int().min(0).max(30 * 86400) }),
  z.object({ op: z.literal("reset_clock") }),
  z.object({ op: z.literal("expire_tokens") }),
  z.object({ op: z.literal("rename_user"), vendor, userid: z.string(), name: z.string().min(1) }),
  z.object({ op: z.literal("update_user"), vendor, userid: z.string(), fields: z.object({ name: z.string(), mobile: z.string(), email: z.string(), title: z.string(), jobNumber: z.string() }).partial() }),
  z.object({ op: z.literal("move_user"), vendor, userid: z.string(), departments: z.array(deptId).min(1) }),
  z.object({ op: z.literal("remove_user"), vendor, userid: z.string() }),
  z.object({
    op: z.literal("add_user"),
    vendor,
    user: z.object({ userid: z.string().min(1), unionid: z.string().default(""), name: z.string(), mobile: z.string().default(""), email: z.string().default(""), title: z.string().default(""), jobNumber: z.string().default(""), departments: z.array(deptId).min(1) }),
  }),
  z.object({ op: z.literal("rename_dept"), vendor, id: deptId, name: z.string().min(1) }),
  z.object({ op: z.literal("move_dept"), vendor, id: deptId, parentId: deptId }),
  z.object({ op: z.literal("add_dept"), vendor, dept: z.object({ id: deptId, name: z.string().min(1), parentId: deptId }) }),
  z.object({ op: z.literal("remove_dept"), vendor, id: deptId }),
  z.object({ op: z.literal("set_leaders"), vendor, id: deptId, leaders: z.array(z.string()) }),
]);
export type OrgCommand = z.input<typeof orgCommand>;

export class SimCommandError extends Error {}

export function applyOrgCommand(input: OrgCommand): void {
  const cmd = orgCommand.parse(input);
  const s = simState();
  if (cmd.op === "reset") return resetSim(cmd.size ?? s.size);
  if (cmd.op === "advance_clock") return advanceClock(cmd.seconds * 1000);
  if (cmd.op === "reset_clock") return resetClock();
  if (cmd.op === "expire_tokens") return expireAllTokens();
  const d = s.directory[cmd.vendor as SimVendor];
  const user = (id: string): SimUser => {
    const u = d.users.get(id);
    if (!u) throw new SimCommandError(`unknown user ${id}`);
    return u;
  };
  const dept = (id: number): SimDept => {
    const x = d.depts.get(id);
    if (!x) throw new SimCommandError(`unknown department ${id}`);
    return x;
  };
  switch (cmd.op) {
    case "rename_user":
      user(cmd.userid).name = cmd.name;
      return;
    case "update_user":
      Object.assign(user(cmd.userid), cmd.fields);
      return;
    case "move_user":
      cmd.departments.forEach(dept);
      user(cmd.userid).departments = cmd.departments;
      return;
    case "remove_user":
      user(cmd.userid);
      d.users.delete(cmd.userid);
      for (const x of d.depts.values()) x.leaders = x.leaders.filter((l) => l !== cmd.userid);
      return;
    case "add_user":
      cmd.user.departments.forEach(dept);
      if (d.users.has(cmd.user.userid)) throw new SimCommandError("user exists");
      d.users.set(cmd.user.userid, { ...cmd.user, status: 1 });
      return;
    case "rename_dept":
      dept(cmd.id).name = cmd.name;
      return;
    case "move_dept":
      dept(cmd.parentId);
      dept(cmd.id).parentId = cmd.parentId;
      return;
    case "add_dept":
      dept(cmd.dept.parentId);
      if (d.depts.has(cmd.dept.id)) throw new SimCommandError("department exists");
      d.depts.set(cmd.dept.id, { id: cmd.dept.id, name: cmd.dept.name, nameEn: "", parentId: cmd.dept.parentId, order: 10_000 + cmd.dept.id, leaders: [] });
      return;
    case "remove_dept": {
      dept(cmd.id);
      const hasMembers = [...d.users.values()].some((u) => u.departments.includes(cmd.id));
      const hasChildren = [...d.depts.values()].some((x) => x.parentId === cmd.id);
      if (hasMembers || hasChildren) throw new SimCommandError("department not empty");
      d.depts.delete(cmd.id);
      return;
    }
    case "set_leaders":
      cmd.leaders.forEach(user);
      dept(cmd.id).leaders = cmd.leaders;
      return;
  }
}

export function simStats() {
  const s = simState();
  return {
    size: s.size,
    people: { wecom: s.directory.wecom.users.size, dingtalk: s.directory.dingtalk.users.size },
    departments: { wecom: s.directory.wecom.depts.size, dingtalk: s.directory.dingtalk.depts.size },
    calls: Object.fromEntries(s.calls),
    rateLimited: Object.fromEntries(s.rateLimited),
    faults: s.faults,
    messages: s.messages.length,
  };
}

export function resetCounters(): void {
  const s = simState();
  s.calls.clear();
  s.rateLimited.clear();
  s.windows.clear();
}
