// Vendor clients against the simulator (in-process fetch onto the same handlers as /api/sim/*), with a real db.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { vendorTokens } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { DingtalkClient } from "./dingtalk/client";
import { backoffDelay, VendorError, vendorRequest } from "./http";
import { RateLimiter } from "./rate-limit";
import { addFault } from "./sim/control";
import { simulatorFetch } from "./sim/fetch";
import { issueCode, resetSim, simState } from "./sim/state";
import { wecomConfig } from "./config";
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
  await t.database.db.delete(vendorTokens);
});

describe("token cache", () => {
  it("N concurrent callers (and N instances on PostgreSQL) fetch the token once", async () => {
    const extra: Database[] = t.url ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: t.url, poolSize: 2 }))) : [];
    try {
      const clients = [t.database, ...extra].flatMap((d) => [1, 2, 3].map(() => new WecomClient({ db: d.db, http })));
      const tokens = await Promise.all(clients.map((c) => c.accessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(calls("wecom:/cgi-bin/gettoken")).toBe(1);
      const [row] = await t.database.db.select().from(vendorTokens);
      expect(row.key).toBe(`wecom:${wecomConfig().corpId}:${wecomConfig().agentId}:access_token`);
      expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(7000 * 1000);
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
  });

  it("refreshes once on 42001 and retries the call once", async () => {
    const c = new WecomClient({ db: t.database.db, http });
    const userid = [...simState().directory.wecom.users.keys()][0];
    await c.getUser(userid);
    expect(calls("wecom:/cgi-bin/gettoken")).toBe(1);
    addFault({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "expired_token", count: 1 });
    const u = await c.getUser(userid);
    expect(u.userid).toBe(userid);
    expect(calls("wecom:/cgi-bin/gettoken")).toBe(2);
    expect(calls("wecom:/cgi-bin/user/get")).toBe(3);
    // a token that stays rejected is an auth error after exactly one refresh, not a loop
    addFault({ vendor: "wecom", api: "/cgi-bin/user/get", kind: "expired_token", count: 5 });
    const err = await c.getUser(userid).catch((e) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err.kind).toBe("auth");
    expect(calls("wecom:/cgi-bin/gettoken")).toBe(3);
  });

  it("a token the vendor expired early (all tokens) is replaced by one refresh shared by concurrent calls", async () => {
    const c = new DingtalkClient({ db: t.database.db, http });
    await c.listSubDepartments(1);
    simState().tokens.forEach((x) => (x.expiresAt = 0));
    await Promise.all([1, 2, 3, 4].map(() => c.listSubDepartments(1)));
    expect(calls("dingtalk:/gettoken")).toBe(2);
  });
});

describe("retries and typed errors", () => {
  it("retries 5xx and timeouts with backoff, then succeeds", async () => {
    const c = new WecomClient({ db: t.database.db, http });
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "5xx", count: 2 });
    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "timeout", count: 1, delayMs: 2000 });
    const depts = await c.listDepartments();
    expect(depts.length).toBe(simState().directory.wecom.depts.size);
    expect(calls("wecom:/cgi-bin/department/list")).toBe(4);
  });

  it("gives up after the retry budget with a typed error", async () => {
    const c = new DingtalkClient({ db: t.database.db, http: { ...http, retries: 2 } });
    await c.accessToken();
    addFault({ vendor: "dingtalk", api: "/topapi/v2/department/listsub", kind: "5xx", count: null });
    const err = await c.listSubDepartments(1).catch((e) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ kind: "http", status: 502, vendor: "dingtalk" });
    expect(calls("dingtalk:/topapi/v2/department/listsub")).toBe(3);
  });

  it("never retries a bad secret", async () => {
    const c = new WecomClient({ db: t.database.db, http, config: { ...wecomConfig(), secret: "wrong" } });
    const err = await c.accessToken().catch((e) => e);
    expect(err).toMatchObject({ kind: "bad_secret", code: 40001 });
    expect(calls("wecom:/cgi-bin/gettoken")).toBe(1);
  });

  it("maps the vendors' rate-limit and code errors", async () => {
    const d = new DingtalkClient({ db: t.database.db, http });
    addFault({ vendor: "dingtalk", api: "/topapi/v2/user/get", kind: "rate_limit", count: 1 });
    expect(await d.getUser("x").catch((e) => e)).toMatchObject({ kind: "rate_limited" });
    expect(await d.userByAuthCode("nope").catch((e) => e)).toMatchObject({ kind: "api", code: 40078 });
    const w = new WecomClient({ db: t.database.db, http });
    expect(await w.userIdByCode("nope").catch((e) => e)).toMatchObject({ kind: "api", code: 40029 });
  });

  it("backoff is full jitter under an exponential cap", () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, p, () => 0.999)).toBe(99);
    expect(backoffDelay(3, p, () => 0.999)).toBe(799);
    expect(backoffDelay(10, p, () => 0.999)).toBe(999);
    expect(backoffDelay(2, p, () => 0)).toBe(0);
  });
});

describe("sign-in exchanges", () => {
  it("WeCom code → userid; DingTalk authCode → userid; PC authCode → users/me → getbyunionid", async () => {
    const w = new WecomClient({ db: t.database.db, http });
    const wu = [...simState().directory.wecom.users.values()][3];
    expect(await w.userIdByCode(issueCode("wecom", "oauth", wu.userid))).toEqual({ userid: wu.userid });
    const d = new DingtalkClient({ db: t.database.db, http });
    const du = [...simState().directory.dingtalk.users.values()][3];
    expect((await d.userByAuthCode(issueCode("dingtalk", "inapp", du.userid))).userid).toBe(du.userid);
    const ut = await d.userAccessToken(issueCode("dingtalk", "pc", du.userid));
    const me = await d.me(ut.accessToken);
    expect(me.unionId).toBe(du.unionid);
    expect(await d.userIdByUnionId(me.unionId)).toBe(du.userid);
    expect(await d.userIdByUnionId("not-a-member")).toBeNull();
  });
});

describe("rate limiter", () => {
  it("never lets more than the limit start within one window of an earlier answer", async () => {
    const l = new RateLimiter({ limit: 10, windowMs: 500, headroom: 1 });
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      Array.from({ length: 35 }, async () => {
        const release = await l.acquire();
        const start = Date.now();
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 30)); // the call
        const end = Date.now();
        release();
        spans.push({ start, end });
      }),
    );
    spans.sort((a, b) => a.start - b.start);
    // when any call starts, at most 10 calls (itself included) started earlier and answered less than one window
    // ago or are still running: the vendor, counting on arrival (between start and answer), never sees 11 in a window
    for (const j of spans) {
      const occupying = spans.filter((i) => i.start <= j.start && i.end + 500 > j.start).length;
      expect(occupying).toBeLessThanOrEqual(10);
    }
    expect(spans[34].start - spans[0].start).toBeLessThan(2000); // and it does not crawl
  });

  it("through vendorRequest, a vendor counting each call on arrival never sees more than the limit in a window", async () => {
    // The vendor: a call waits 0–150 ms before it is counted (network, a queue in front of the vendor's counter),
    // then 0–250 ms for the answer's head, and its body comes 0–100 ms after that. The slot is given back when the
    // head is in: the vendor counted the call before it answered, so its window can be over one window later.
    const limit = 10;
    const windowMs = 500;
    const l = new RateLimiter({ limit, windowMs });
    const arrivals: number[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const vendor: typeof fetch = async () => {
      await sleep(Math.random() < 0.2 ? 100 + Math.random() * 50 : Math.random() * 20);
      arrivals.push(Date.now());
      await sleep(Math.random() < 0.2 ? 150 + Math.random() * 100 : Math.random() * 20);
      const body = new ReadableStream({
        async start(c) {
          await sleep(Math.random() * 100);
          c.enqueue(new TextEncoder().encode("{}"));
          c.close();
        },
      });
      return new Response(body, { status: 200 });
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 40 }, () => vendorRequest("dingtalk", "/test", "https://vendor.test/x", { method: "POST" }, { fetch: vendor }, l)));
    arrivals.sort((a, b) => a - b);
    expect(arrivals).toHaveLength(40);
    // the vendor's sliding window: the calls counted in (a − window, a], for every arrival a
    for (const a of arrivals) expect(arrivals.filter((x) => x > a - windowMs && x <= a).length).toBeLessThanOrEqual(limit);
    expect(Date.now() - t0).toBeGreaterThan(3 * windowMs); // 40 calls at 10 per window: at least three windows
  });

  it("DingTalk burst of 60 calls through the client draws zero rate-limit codes", async () => {
    const d = new DingtalkClient({ db: t.database.db, http });
    await Promise.all(Array.from({ length: 60 }, () => d.listSubDepartments(1)));
    expect(simState().rateLimited.get("dingtalk:/topapi/v2/department/listsub") ?? 0).toBe(0);
  });
});
