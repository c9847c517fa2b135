// Contact-change event handlers (WeCom change_contact.*, DingTalk user_*_org / org_dept_*), keyed "<source>:<eventType>".
// Owned by the organisation-sync work; the inbox dispatcher (lib/ingest) looks handlers up here.
//
// Since 2022-08-15 WeCom contact events may carry only ids (wecom.md §4.1), and DingTalk events carry ids only
// (dingtalk.md §5): every event is "something changed", re-read through the contact API, applied like a one-person
// (or one-department) sync. Removals need no API call. Payload keys are read case-insensitively.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, identities } from "@/db/schema";
import type { EventHandler, HandlerResult, InboxEvent } from "@/lib/ingest/types";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { DingtalkClient } from "@/lib/vendors/dingtalk/client";
import { VendorError, type HttpPolicy } from "@/lib/vendors/http";
import { WecomClient } from "@/lib/vendors/wecom/client";
import { wecomJobNumber, type Snapshot, type SnapshotDept, type SnapshotUser } from "./snapshot";
import { applySnapshot } from "./sync";

type Payload = Record<string, unknown>;

/** Case-insensitive field read (UserId|userId|UserID). */
function field(p: Payload, ...names: string[]): unknown {
  const lower = new Map(Object.entries(p).map(([k, v]) => [k.toLowerCase(), v]));
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/** DingTalk id lists arrive as arrays of strings or numbers, or a single value (legacy payloads). */
function idList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v === "string" && v.startsWith("[")) {
    try {
      return idList(JSON.parse(v));
    } catch {
      return [];
    }
  }
  return v === undefined ? [] : String(v).split(",").filter(Boolean);
}

async function departPeople(db: Db, provider: "wecom" | "dingtalk", corpId: string, externalIds: string[], at: Date): Promise<number> {
  if (!externalIds.length) return 0;
  const linked = await db
    .select({ employeeId: identities.employeeId })
    .from(identities)
    .where(and(eq(identities.provider, provider), eq(identities.corpId, corpId), inArray(identities.externalId, externalIds)));
  if (!linked.length) return 0;
  const rows = await db
    .update(employees)
    .set({ status: "departed", departedAt: at, updatedAt: at })
    .where(and(inArray(employees.id, linked.map((l) => l.employeeId)), eq(employees.status, "active")))
    .returning({ id: employees.id });
  return rows.length;
}

async function removeDepartments(db: Db, provider: "wecom" | "dingtalk", externalIds: string[], at: Date): Promise<number> {
  if (!externalIds.length) return 0;
  const col = provider === "wecom" ? departments.wecomId : departments.dingtalkId;
  const rows = await db
    .update(departments)
    .set({ status: "removed", updatedAt: at })
    .where(and(inArray(col, externalIds), eq(departments.status, "active")))
    .returning({ id: departments.id });
  return rows.length;
}

const eventTime = (e: InboxEvent) => e.receivedAt ?? new Date();

export interface OrgEventOptions {
  http?: Partial<HttpPolicy>;
}

function handled(effects: Record<string, unknown>): HandlerResult {
  return { outcome: "handled", effects };
}

export function makeOrgEventHandlers(opts: OrgEventOptions = {}): Record<string, EventHandler> {
  // ---- WeCom ---------------------------------------------------------------------------------------------
  const wecomDept = async (client: WecomClient, id: string): Promise<SnapshotDept | null> => {
    try {
      const r = (await client.call("/cgi-bin/department/get", { id })).department as Record<string, unknown>;
      return {
        externalId: String(r.id),
        name: String(r.name),
        parentExternalId: Number(r.parentid) ? String(r.parentid) : null,
        order: Number(r.order ?? 0),
        leaders: (r.department_leader as string[] | undefined) ?? [],
      };
    } catch (e) {
      if (e instanceof VendorError && e.code === 60123) return null; // gone again since the event
      throw e;
    }
  };

  const wecomUserEvent: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "ToUserName") ?? wecomConfig().corpId);
    const oldId = String(field(p, "UserID") ?? "");
    const newId = field(p, "NewUserID") as string | undefined;
    if (!oldId) return { outcome: "ignored", reason: "no UserID" };
    if (newId && newId !== oldId) {
      // The account's userid changed: keep the ledger link (same person, new id).
      await db
        .update(identities)
        .set({ externalId: newId })
        .where(and(eq(identities.provider, "wecom"), eq(identities.corpId, corpId), eq(identities.externalId, oldId)));
    }
    const userid = newId ?? oldId;
    const client = new WecomClient({ db, http: opts.http });
    let u;
    try {
      u = await client.getUser(userid);
    } catch (e) {
      if (e instanceof VendorError && e.code === 60111) {
        const n = await departPeople(db, "wecom", corpId, [userid], eventTime(event));
        return handled({ departed: n, reason: "not in directory" });
      }
      throw e;
    }
    const main = u.main_department ?? u.department[0];
    const deptIds = [main, ...u.department.filter((d) => d !== main)].filter((d) => d !== undefined).map(String);
    const depts = (await Promise.all(deptIds.map((id) => wecomDept(client, id)))).filter((d): d is SnapshotDept => d !== null);
    const person: SnapshotUser = {
      externalId: u.userid,
      unionId: null,
      name: u.name,
      mobile: u.mobile || null,
      email: u.email || u.biz_mail || null,
      title: u.position || null,
      jobNumber: wecomJobNumber(u),
      departments: deptIds,
      active: u.status !== 2,
    };
    const snap: Snapshot = { source: "wecom", corpId, departments: depts, users: [person], calls: {} };
    const counts = await applySnapshot(db, snap, eventTime(event), { partial: true });
    return handled({ added: counts.added, changed: counts.changed, removed: counts.removed, errors: counts.errors });
  };

  const wecomPartyEvent: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "ToUserName") ?? wecomConfig().corpId);
    const id = String(field(p, "Id") ?? "");
    if (!id) return { outcome: "ignored", reason: "no Id" };
    const client = new WecomClient({ db, http: opts.http });
    const d = await wecomDept(client, id);
    if (!d) return handled({ removed: await removeDepartments(db, "wecom", [id], eventTime(event)) });
    const counts = await applySnapshot(db, { source: "wecom", corpId, departments: [d], users: [], calls: {} }, eventTime(event), { partial: true });
    return handled({ added: counts.added, changed: counts.changed });
  };

  // ---- DingTalk ------------------------------------------------------------------------------------------
  const dingDept = async (client: DingtalkClient, id: string): Promise<SnapshotDept | null> => {
    try {
      const r = await client.getDepartment(Number(id));
      return {
        externalId: String(r.dept_id),
        name: r.name,
        parentExternalId: r.parent_id ? String(r.parent_id) : null,
        order: r.order ?? 0,
        leaders: r.dept_manager_userid_list ?? [],
      };
    } catch (e) {
      if (e instanceof VendorError && e.code === 60003) return null;
      throw e;
    }
  };

  const dingUserEvent: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "CorpId") ?? dingtalkConfig().corpId);
    const ids = idList(field(p, "UserId", "userId"));
    if (!ids.length) return { outcome: "ignored", reason: "no UserId" };
    const client = new DingtalkClient({ db, http: opts.http });
    const people: SnapshotUser[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      try {
        const u = await client.getUser(id);
        people.push({
          externalId: u.userid,
          unionId: u.unionid || null,
          name: u.name,
          mobile: u.mobile || null,
          email: u.email || u.org_email || null,
          title: u.title || null,
          jobNumber: u.job_number || null,
          departments: u.dept_id_list.map(String),
          active: true,
        });
      } catch (e) {
        if (e instanceof VendorError && e.code === 60121) gone.push(id);
        else throw e;
      }
    }
    const deptIds = [...new Set(people.flatMap((u) => u.departments))];
    const depts = (await Promise.all(deptIds.map((id) => dingDept(client, id)))).filter((d): d is SnapshotDept => d !== null);
    const counts = await applySnapshot(db, { source: "dingtalk", corpId, departments: depts, users: people, calls: {} }, eventTime(event), { partial: true });
    const departed = await departPeople(db, "dingtalk", corpId, gone, eventTime(event));
    return handled({ added: counts.added, changed: counts.changed, departed, errors: counts.errors });
  };

  const dingLeave: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "CorpId") ?? dingtalkConfig().corpId);
    const ids = idList(field(p, "UserId", "userId"));
    return handled({ departed: await departPeople(db, "dingtalk", corpId, ids, eventTime(event)) });
  };

  const dingDeptEvent: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "CorpId") ?? dingtalkConfig().corpId);
    const ids = idList(field(p, "DeptId", "deptId"));
    if (!ids.length) return { outcome: "ignored", reason: "no DeptId" };
    const client = new DingtalkClient({ db, http: opts.http });
    const found = await Promise.all(ids.map((id) => dingDept(client, id)));
    const depts = found.filter((d): d is SnapshotDept => d !== null);
    const missing = ids.filter((_, i) => found[i] === null);
    const counts = await applySnapshot(db, { source: "dingtalk", corpId, departments: depts, users: [], calls: {} }, eventTime(event), { partial: true });
    const removed = await removeDepartments(db, "dingtalk", missing, eventTime(event));
    return handled({ added: counts.added, changed: counts.changed, removed });
  };

  const dingDeptRemove: EventHandler = async ({ db, event }) => {
    const ids = idList(field(event.payload as Payload, "DeptId", "deptId"));
    return handled({ removed: await removeDepartments(db, "dingtalk", ids, eventTime(event)) });
  };

  const wecomDelete: EventHandler = async ({ db, event }) => {
    const p = event.payload as Payload;
    const corpId = String(field(p, "ToUserName") ?? wecomConfig().corpId);
    const id = String(field(p, "UserID") ?? "");
    return handled({ departed: await departPeople(db, "wecom", corpId, id ? [id] : [], eventTime(event)) });
  };

  const wecomPartyDelete: EventHandler = async ({ db, event }) => {
    const id = String(field(event.payload as Payload, "Id") ?? "");
    return handled({ removed: await removeDepartments(db, "wecom", id ? [id] : [], eventTime(event)) });
  };

  return {
    "wecom:change_contact.create_user": wecomUserEvent,
    "wecom:change_contact.update_user": wecomUserEvent,
    "wecom:change_contact.delete_user": wecomDelete,
    "wecom:change_contact.create_party": wecomPartyEvent,
    "wecom:change_contact.update_party": wecomPartyEvent,
    "wecom:change_contact.delete_party": wecomPartyDelete,
    "dingtalk:user_add_org": dingUserEvent,
    "dingtalk:user_modify_org": dingUserEvent,
    "dingtalk:user_active_org": dingUserEvent,
    "dingtalk:user_leave_org": dingLeave,
    "dingtalk:org_dept_create": dingDeptEvent,
    "dingtalk:org_dept_modify": dingDeptEvent,
    "dingtalk:org_dept_remove": dingDeptRemove,
  };
}

export const orgEventHandlers: Record<string, EventHandler> = makeOrgEventHandlers();
