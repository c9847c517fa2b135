// Vendor answers that are not success are errors (issue 10 item 3): every unexpected shape, busy (-1), the
// DingTalk monthly quota, sends that time out, and the rate budget shared by two instances on one database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { vendorRateSlices, vendorTokens } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { DingtalkClient } from "./dingtalk/client";
import { VendorError } from "./http";
import { clearQuotaCache, nextQuotaReset } from "./quota";
import { RateLimiter, SHARED_MARGIN_MS, SharedRateLimiter, sharedWindowSpec } from "./rate-limit";
import { addFault } from "./sim/control";
import { simulatorFetch } from "./sim/fetch";
import { issueCode, resetSim, simState } from "./sim/state";
import { WecomClient } from "./wecom/client";

let t: TestDatabase;
const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 };
const calls = (k: string) => simState().calls.get(k) ?? 0;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => {
  resetSim("demo");
  clearQuotaCache();
  await t.database.db.delete(vendorTokens);
});

/** The simulator, except that `api` answers `body` (a stand-in for what the vendor's edge may send). */
function answering(api: string, body: string, contentType = "application/json"): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith(api)) return new Response(body, { status: 200, headers: { "content-type": contentType } });
    return simulatorFetch(input, init);
  };
}

async function rejection(p: Promise<unknown>): Promise<VendorError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, "the call must fail, not pass the shape off as success").toBeInstanceOf(VendorError);
  return e as VendorError;
}

describe("every unexpected shape is an error, not an empty success", () => {
  // One row per shape. "sim" rows are faults the simulator injects; "raw" rows are bodies served in its place.
  const shapes: { name: string; sim?: "ip_ban" | "html" | "empty_body"; raw?: { body: string; type?: string } }[] = [
    { name: "DingTalk IP ban {status:1111} (no errcode)", sim: "ip_ban" },
    { name: "HTML error page with HTTP 200", sim: "html" },
    { name: "empty body", sim: "empty_body" },
    { name: "empty JSON object", raw: { body: "{}" } },
    { name: "JSON array", raw: { body: "[]" } },
    { name: "JSON null", raw: { body: "null" } },
    { name: "errcode as a string", raw: { body: '{"errcode":"0","errmsg":"ok"}' } },
    { name: "errcode 0 without the payload", raw: { body: '{"errcode":0,"errmsg":"ok"}' } },
    { name: "payload of the wrong type", raw: { body: '{"errcode":0,"errmsg":"ok","department":"none","result":{"list":1}}' } },
  ];

  for (const s of shapes) {
    it(`WeCom department/list: ${s.name}`, async () => {
      const api = "/cgi-bin/department/list";
      if (s.sim) addFault({ vendor: "wecom", api, kind: s.sim, count: 1 });
      const c = new WecomClient({ db: t.database.db, http: s.raw ? { ...http, fetch: answering(api, s.raw.body, s.raw.type) } : http });
      const e = await rejection(c.listDepartments());
      expect(e).toMatchObject({ vendor: "wecom", api, kind: "unexpected" });
      if (s.sim) expect(calls(`wecom:${api}`)).toBe(1); // refused, not retried into the ban
    });

    it(`DingTalk department/listsub: ${s.name}`, async () => {
      const api = "/topapi/v2/department/listsub";
      if (s.sim) addFault({ vendor: "dingtalk", api, kind: s.sim, count: 1 });
      const c = new DingtalkClient({ db: t.database.db, http: s.raw ? { ...http, fetch: answering(api, s.raw.body, s.raw.type) } : http });
      const e = await rejection(c.listSubDepartments(1));
      expect(e).toMatchObject({ vendor: "dingtalk", api, kind: "unexpected" });
    });
  }

  it("DingTalk v1.0 users/me: an HTML page, an empty body or a body without the documented fields", async () => {
    const d = new DingtalkClient({ db: t.database.db, http });
    const du = [...simState().directory.dingtalk.users.values()][2];
    const token = (await d.userAccessToken(issueCode("dingtalk", "pc", du.userid))).accessToken;
    addFault({ vendor: "dingtalk", api: "/v1.0/contact/users/me", kind: "html", count: 1 });
    expect(await rejection(d.me(token))).toMatchObject({ kind: "unexpected" });
    addFault({ vendor: "dingtalk", api: "/v1.0/contact/users/me", kind: "empty_body", count: 1 });
    expect(await rejection(d.me(token))).toMatchObject({ kind: "unexpected" });
    const bare = new DingtalkClient({ db: t.database.db, http: { ...http, fetch: answering("/v1.0/contact/users/me", '{"requestid":"x"}') } });
    expect(await rejection(bare.me(token))).toMatchObject({ kind: "unexpected" });
    expect((await d.me(token)).unionId).toBe(du.unionid);
  });
});

describe("system busy (-1)", () => {
  it("WeCom: retried with backoff, then succeeds", async () => {
    const c = new WecomClient({ db: t.database.db, http });
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "busy", count: 2 });
    const depts = await c.listDepartments();
    expect(depts.length).toBe(simState().directory.wecom.depts.size);
    expect(calls("wecom:/cgi-bin/department/list")).toBe(3);
  });

  it("WeCom: still busy after 3 retries is a typed 'busy' error after exactly 4 calls", async () => {
    const c = new WecomClient({ db: t.database.db, http });
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "busy", count: 10 });
    expect(await rejection(c.listDepartments())).toMatchObject({ kind: "busy", code: -1 });
    expect(calls("wecom:/cgi-bin/department/list")).toBe(4);
  });

  it("DingTalk: retried with backoff, then succeeds", async () => {
    const c = new DingtalkClient({ db: t.database.db, http });
    addFault({ vendor: "dingtalk", api: "/topapi/v2/department/listsub", kind: "busy", count: 1 });
    expect((await c.listSubDepartments(1)).length).toBeGreaterThan(0);
    expect(calls("dingtalk:/topapi/v2/department/listsub")).toBe(2);
  });
});

describe("DingTalk monthly quota (90020)", () => {
  it("is not retried, blocks metered calls until the month turns in China, and leaves contacts alone", async () => {
    const c = new DingtalkClient({ db: t.database.db, http });
    const api = "/topapi/message/corpconversation/asyncsend_v2";
    const to = [...simState().directory.dingtalk.users.keys()].slice(0, 2);
    addFault({ vendor: "dingtalk", api, kind: "quota", count: 1 });
    const e = await rejection(c.sendWorkNotice(to, { msgtype: "text", text: { content: "提醒" } }));
    expect(e).toMatchObject({ kind: "quota_exhausted", code: 90020 });
    expect(e.retryAt?.toISOString()).toBe(nextQuotaReset().toISOString());
    expect(calls(`dingtalk:${api}`)).toBe(1);
    // the fault is gone, but nobody calls before the reset: the block is in the shared table, other instances see it
    clearQuotaCache();
    expect(await rejection(c.sendWorkNotice(to, { msgtype: "text", text: { content: "提醒" } }))).toMatchObject({ kind: "quota_exhausted" });
    expect(calls(`dingtalk:${api}`)).toBe(1);
    expect(simState().messages).toHaveLength(0);
    expect((await c.listSubDepartments(1)).length).toBeGreaterThan(0); // contacts are exempt from the quota
  });

  it("the reset is the first day of the next month, 00:00 Asia/Shanghai", () => {
    expect(nextQuotaReset(new Date("2026-05-31T15:59:59Z")).toISOString()).toBe("2026-05-31T16:00:00.000Z");
    expect(nextQuotaReset(new Date("2026-05-31T16:00:00Z")).toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(nextQuotaReset(new Date("2026-12-15T03:00:00Z")).toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });
});

describe("message sends after a timeout", () => {
  it("DingTalk work notice: sent once, never repeated; the outcome is 'unknown_outcome'", async () => {
    const c = new DingtalkClient({ db: t.database.db, http });
    const api = "/topapi/message/corpconversation/asyncsend_v2";
    const to = [...simState().directory.dingtalk.users.keys()].slice(0, 3);
    addFault({ vendor: "dingtalk", api, kind: "timeout", count: 1, delayMs: 1000 });
    expect(await rejection(c.sendWorkNotice(to, { msgtype: "text", text: { content: "会议 10:00 开始" } }))).toMatchObject({ kind: "unknown_outcome" });
    expect(calls(`dingtalk:${api}`)).toBe(1);
    expect(simState().messages).toHaveLength(1); // the vendor took it; the answer was lost
  });

  it("WeCom app message: the retry is the same JSON under enable_duplicate_check, so it is delivered once", async () => {
    const c = new WecomClient({ db: t.database.db, http });
    const api = "/cgi-bin/message/send";
    const to = [...simState().directory.wecom.users.keys()].slice(0, 3);
    addFault({ vendor: "wecom", api, kind: "timeout", count: 1, delayMs: 1000 });
    const r = await c.sendMessage({ touser: to, msgtype: "textcard", textcard: { title: "会议提醒", description: "10:00", url: "https://example.com/m/1", btntxt: "详情" } });
    expect(calls(`wecom:${api}`)).toBe(2);
    expect(simState().messages).toHaveLength(1);
    expect(r.msgid).toBe(simState().messages[0].id);
    expect(simState().messages[0].body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 14_400 });
  });
});

describe("rate budget shared through PostgreSQL", () => {
  it("two instances (separate process limiters, one database) together stay within DingTalk's 20 per second", async () => {
    await t.database.db.delete(vendorRateSlices);
    const other: Database | null = t.url ? await openDatabase({ url: t.url, poolSize: 4 }) : null;
    try {
      const spec = { limit: 20, windowMs: 1000 };
      // no pruning: under CI load the run outlasts a slice's expiry, and a prune would delete slices counted below
      const a = new SharedRateLimiter(t.database.db, "dingtalk:test:/topapi/v2/user/list", spec, new RateLimiter(spec), 0);
      const b = new SharedRateLimiter((other ?? t.database).db, "dingtalk:test:/topapi/v2/user/list", spec, new RateLimiter(spec), 0);
      const starts: number[] = [];
      const run = (l: { acquire(): Promise<() => void> }) =>
        Promise.all(
          Array.from({ length: 25 }, async () => {
            const release = await l.acquire();
            starts.push(Date.now());
            await new Promise((r) => setTimeout(r, 5));
            release();
          }),
        );
      const t0 = Date.now();
      await Promise.all([run(a), run(b)]);
      // Judged on the database's clock (the one the budget is kept by): the test process's own timestamps bunch
      // up under CPU load and would say nothing about what the vendor sees.
      const rows = await t.database.db.select().from(vendorRateSlices);
      const bySlice = new Map(rows.map((r) => [Number(r.slice), r.calls]));
      expect(rows.reduce((n, r) => n + r.calls, 0)).toBe(50);
      const { sliceMs } = sharedWindowSpec(spec);
      // the grain is fine enough that any second of the database's clock, whatever slices it touches, is judged
      expect(2 * sliceMs).toBeLessThan(SHARED_MARGIN_MS);
      const span = Math.ceil(1000 / sliceMs) + 1; // slices any 1-second window can touch
      const first = Math.min(...bySlice.keys());
      const last = Math.max(...bySlice.keys());
      let worst = 0;
      for (let s = first; s <= last; s++) {
        let n = 0;
        for (let k = s; k < s + span; k++) n += bySlice.get(k) ?? 0;
        worst = Math.max(worst, n);
      }
      expect(worst).toBeLessThanOrEqual(20);
      expect(starts).toHaveLength(50);
      // 50 calls at ≤ 20 per second take more than 2 s (alone, each instance would have started 20 at once)
      expect(Date.now() - t0).toBeGreaterThan(2000);
      expect(sharedWindowSpec(spec)).toEqual({ sliceMs: 10, spanMs: 1050, perWindow: 20 });
    } finally {
      await other?.close();
    }
  });

  it("per-process limiters alone would let the two instances send 40 in the first second (what the shared one fixes)", async () => {
    const spec = { limit: 20, windowMs: 1000 };
    const a = new RateLimiter(spec);
    const b = new RateLimiter(spec);
    const starts: number[] = [];
    await Promise.all(
      [a, b].flatMap((l) =>
        Array.from({ length: 20 }, async () => {
          const release = await l.acquire();
          starts.push(Date.now());
          release();
        }),
      ),
    );
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(1000);
    expect(starts).toHaveLength(40);
  });
});
