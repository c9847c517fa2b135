// Contact events, fed as the inbox stores them after decryption (lib/ingest/types.ts naming and payload shapes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { seedDemo } from "@/db/seed";
import { departments, employeeDepartments, employees, identities } from "@/db/schema";
import type { InboxEvent } from "@/lib/ingest/types";
import { SIM } from "@/lib/vendors/config";
import { applyOrgCommand } from "@/lib/vendors/sim/control";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim, simState } from "@/lib/vendors/sim/state";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { makeOrgEventHandlers, orgEventHandlers } from "./events";

const handlers = makeOrgEventHandlers({ http: { fetch: simulatorFetch, baseDelayMs: 5, timeoutMs: 2000 } });
let t: TestDatabase;
let seq = 0;

/** A decrypted WeCom event XML → the flat payload the inbox stores. */
function wecomPayload(xml: string): Record<string, string> {
  const parsed = new XMLParser({ parseTagValue: false, processEntities: false }).parse(xml) as { xml: Record<string, unknown> };
  return Object.fromEntries(Object.entries(parsed.xml).map(([k, v]) => [k, String(v)]));
}

function event(source: "wecom" | "dingtalk", eventType: string, payload: Record<string, unknown>): InboxEvent {
  return {
    id: ++seq, source, channel: "http", eventType, dedupeKey: `k${seq}`, raw: "", payload, status: "processing", attempts: 1,
    nextAttemptAt: new Date(), lastError: null, parkReason: null, parkKey: null, receivedAt: new Date(), handledAt: null,
  } as InboxEvent;
}

async function run(source: "wecom" | "dingtalk", type: string, payload: Record<string, unknown>) {
  const h = handlers[`${source}:${type}`];
  expect(h, `handler for ${source}:${type}`).toBeDefined();
  return t.database.db.transaction((tx) => h({ db: tx as never, event: event(source, type, payload) }));
}

const wecomXml = (changeType: string, inner: string) =>
  `<xml><ToUserName><![CDATA[${SIM.wecom.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1732262400</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>${changeType}</ChangeType>${inner}</xml>`;

async function employeeByNo(no: string) {
  const [e] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, no));
  return e;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.database.db);
  resetSim("demo");
});
afterAll(async () => t.close());

describe("the exported handler map", () => {
  it("covers every contact event the vendors send", () => {
    for (const k of [
      "wecom:change_contact.create_user", "wecom:change_contact.update_user", "wecom:change_contact.delete_user",
      "wecom:change_contact.create_party", "wecom:change_contact.update_party", "wecom:change_contact.delete_party",
      "dingtalk:user_add_org", "dingtalk:user_modify_org", "dingtalk:user_leave_org",
      "dingtalk:org_dept_create", "dingtalk:org_dept_modify", "dingtalk:org_dept_remove",
    ]) expect(orgEventHandlers[k], k).toBeTypeOf("function");
  });
});

describe("WeCom change_contact", () => {
  it("create_user (ids only, post-2022 shape) re-reads the member and adds them once", async () => {
    applyOrgCommand({ op: "add_user", vendor: "wecom", user: { userid: "XinYuangong", name: "辛员工", mobile: "13811112222", email: "xin@qiandao-demo.cn", title: "实习生", jobNumber: "QD90001", departments: [3] } });
    const payload = wecomPayload(wecomXml("create_user", "<UserID><![CDATA[XinYuangong]]></UserID><Department><![CDATA[3]]></Department>"));
    expect(payload).toMatchObject({ ChangeType: "create_user", UserID: "XinYuangong" });
    const r = await run("wecom", "change_contact.create_user", payload);
    expect(r).toMatchObject({ outcome: "handled", effects: { added: 1 } });
    const e = await employeeByNo("QD90001");
    expect(e).toMatchObject({ name: "辛员工", title: "实习生", status: "active" });
    const [dept] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "3"));
    expect(e.departmentId).toBe(dept.id);
    const [idn] = await t.database.db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, "XinYuangong")));
    expect(idn).toMatchObject({ employeeId: e.id, matchedBy: "sync", corpId: SIM.wecom.corpId });
    // redelivery changes nothing
    const again = await run("wecom", "change_contact.create_user", payload);
    expect(again).toMatchObject({ outcome: "handled", effects: { added: 0, changed: 0 } });
  });

  it("update_user reflects a move and a new title", async () => {
    applyOrgCommand({ op: "move_user", vendor: "wecom", userid: "XinYuangong", departments: [7] });
    applyOrgCommand({ op: "update_user", vendor: "wecom", userid: "XinYuangong", fields: { title: "测试工程师" } });
    await run("wecom", "change_contact.update_user", wecomPayload(wecomXml("update_user", "<UserID><![CDATA[XinYuangong]]></UserID>")));
    const e = await employeeByNo("QD90001");
    const [dept] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "7"));
    expect(e.departmentId).toBe(dept.id);
    expect(e.title).toBe("测试工程师");
    const m = await t.database.db.select().from(employeeDepartments).where(eq(employeeDepartments.employeeId, e.id));
    expect(m.map((x) => x.departmentId)).toEqual([dept.id]);
  });

  it("update_user with NewUserID keeps the same employee", async () => {
    applyOrgCommand({ op: "remove_user", vendor: "wecom", userid: "XinYuangong" });
    applyOrgCommand({ op: "add_user", vendor: "wecom", user: { userid: "XinYG", name: "辛员工", mobile: "13811112222", email: "xin@qiandao-demo.cn", title: "测试工程师", jobNumber: "", departments: [7] } });
    await run("wecom", "change_contact.update_user", wecomPayload(wecomXml("update_user", "<UserID><![CDATA[XinYuangong]]></UserID><NewUserID><![CDATA[XinYG]]></NewUserID>")));
    const e = await employeeByNo("QD90001");
    const [idn] = await t.database.db.select().from(identities).where(and(eq(identities.provider, "wecom"), eq(identities.externalId, "XinYG")));
    expect(idn.employeeId).toBe(e.id);
    expect(e.status).toBe("active");
  });

  it("delete_user marks the person departed", async () => {
    const r = await run("wecom", "change_contact.delete_user", wecomPayload(wecomXml("delete_user", "<UserID><![CDATA[XinYG]]></UserID>")));
    expect(r).toMatchObject({ effects: { departed: 1 } });
    const e = await employeeByNo("QD90001");
    expect(e.status).toBe("departed");
    expect(e.departedAt).toBeInstanceOf(Date);
  });

  it("create_party / update_party / delete_party", async () => {
    applyOrgCommand({ op: "add_dept", vendor: "wecom", dept: { id: 901, name: "创新实验室", parentId: 2 } });
    await run("wecom", "change_contact.create_party", wecomPayload(wecomXml("create_party", "<Id>901</Id><Name><![CDATA[创新实验室]]></Name><ParentId>2</ParentId>")));
    const [parent] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "2"));
    const [d] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "901"));
    expect(d).toMatchObject({ name: "创新实验室", parentId: parent.id, path: `${parent.path}${d.id}/`, status: "active" });
    applyOrgCommand({ op: "rename_dept", vendor: "wecom", id: 901, name: "创新研究院" });
    await run("wecom", "change_contact.update_party", wecomPayload(wecomXml("update_party", "<Id>901</Id>")));
    const [d2] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "901"));
    expect(d2.name).toBe("创新研究院");
    await run("wecom", "change_contact.delete_party", wecomPayload(wecomXml("delete_party", "<Id>901</Id>")));
    const [d3] = await t.database.db.select().from(departments).where(eq(departments.wecomId, "901"));
    expect(d3.status).toBe("removed");
  });
});

describe("DingTalk contact events", () => {
  it("user_modify_org (camelCase payload) re-reads the member", async () => {
    const u = [...simState().directory.dingtalk.users.values()][30];
    applyOrgCommand({ op: "rename_user", vendor: "dingtalk", userid: u.userid, name: "钉钉改名" });
    await run("dingtalk", "user_modify_org", { eventType: "user_modify_org", userId: [u.userid], corpId: SIM.dingtalk.corpId, timeStamp: "1732262400000" });
    expect((await employeeByNo(u.jobNumber)).name).toBe("钉钉改名");
  });

  it("user_add_org (legacy PascalCase) adds a new member; user_leave_org marks departure", async () => {
    applyOrgCommand({ op: "add_user", vendor: "dingtalk", user: { userid: "0900000000000001", unionid: "unionNEW1", name: "钉新人", mobile: "13700000001", email: "", title: "销售代表", jobNumber: "QD90002", departments: [100011] } });
    await run("dingtalk", "user_add_org", { EventType: "user_add_org", UserId: ["0900000000000001"], CorpId: SIM.dingtalk.corpId, TimeStamp: "1732262400000" });
    const e = await employeeByNo("QD90002");
    expect(e).toMatchObject({ name: "钉新人", status: "active" });
    const [idn] = await t.database.db.select().from(identities).where(and(eq(identities.provider, "dingtalk"), eq(identities.externalId, "0900000000000001")));
    expect(idn.unionId).toBe("unionNEW1");
    await run("dingtalk", "user_leave_org", { EventType: "user_leave_org", UserId: ["0900000000000001"], CorpId: SIM.dingtalk.corpId });
    expect((await employeeByNo("QD90002")).status).toBe("departed");
  });

  it("org_dept_create / org_dept_modify / org_dept_remove", async () => {
    applyOrgCommand({ op: "add_dept", vendor: "dingtalk", dept: { id: 555001, name: "海外事业部", parentId: 1 } });
    await run("dingtalk", "org_dept_create", { EventType: "org_dept_create", DeptId: ["555001"], CorpId: SIM.dingtalk.corpId });
    let [d] = await t.database.db.select().from(departments).where(eq(departments.dingtalkId, "555001"));
    expect(d).toMatchObject({ name: "海外事业部", depth: 1 });
    applyOrgCommand({ op: "rename_dept", vendor: "dingtalk", id: 555001, name: "国际业务部" });
    await run("dingtalk", "org_dept_modify", { eventType: "org_dept_modify", deptId: [555001] });
    [d] = await t.database.db.select().from(departments).where(eq(departments.dingtalkId, "555001"));
    expect(d.name).toBe("国际业务部");
    await run("dingtalk", "org_dept_remove", { eventType: "org_dept_remove", deptId: [555001] });
    [d] = await t.database.db.select().from(departments).where(eq(departments.dingtalkId, "555001"));
    expect(d.status).toBe("removed");
  });
});
