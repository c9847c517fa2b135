// Tencent Meeting REST client: rate-limit answers (接口频控说明, doc 1095/105276) are waited out and retried;
// the daily limit and other errors are not. The vendor is played by a scripted fetch (the client's own seam).
import { describe, expect, it } from "vitest";
import { TencentMeetingApiError, tencentMeetingClient } from "./client";

const page = { meeting_id: "m1", participants: [{ userid: "u1", user_name: "", join_time: "1700000000" }], has_remaining: false };
const limited = (code: number) => ({ error_info: { error_code: code, message: "每分钟总接口调用次数超过限制。" } });

function scripted(answers: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
  const calls: string[] = [];
  const fetch = (async (url: string | URL | Request) => {
    calls.push(String(url));
    const a = answers[Math.min(calls.length - 1, answers.length - 1)];
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { "content-type": "application/json", ...a.headers } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function client(f: typeof globalThis.fetch, slept: number[]) {
  return tencentMeetingClient({ baseUrl: "https://tm.test", appId: "a", secretId: "s", secretKey: "k", fetch: f, sleep: async (ms) => void slept.push(ms) });
}

describe("Tencent Meeting client rate limits", () => {
  it("waits out per-minute limit codes (190310, 190313) with growing delays, then returns the page", async () => {
    const s = scripted([{ status: 200, body: limited(190310) }, { status: 200, body: limited(190313) }, { status: 200, body: page }]);
    const slept: number[] = [];
    const r = await client(s.fetch, slept).participantsPage("m1", { userid: "admin" });
    expect(r.participants.map((p) => p.userid)).toEqual(["u1"]);
    expect(s.calls).toHaveLength(3);
    expect(slept).toEqual([2_000, 4_000]);
  });

  it("honours Retry-After on an HTTP 429", async () => {
    const s = scripted([{ status: 429, body: {}, headers: { "retry-after": "5" } }, { status: 200, body: page }]);
    const slept: number[] = [];
    await client(s.fetch, slept).participantsPage("m1", { userid: "admin" });
    expect(slept).toEqual([5_000]);
  });

  it("fails at once on the daily limit (190311) and after too many per-minute answers", async () => {
    const daily = scripted([{ status: 200, body: limited(190311) }]);
    const slept: number[] = [];
    const e1 = await client(daily.fetch, slept).participantsPage("m1", { userid: "admin" }).catch((e) => e);
    expect(e1).toBeInstanceOf(TencentMeetingApiError);
    expect((e1 as TencentMeetingApiError).code).toBe(190311);
    expect(daily.calls).toHaveLength(1);
    expect(slept).toEqual([]);

    const always = scripted([{ status: 200, body: limited(190310) }]);
    const e2 = await client(always.fetch, slept).participantsPage("m1", { userid: "admin" }).catch((e) => e);
    expect((e2 as TencentMeetingApiError).rateLimited).toBe(true);
    expect(always.calls).toHaveLength(4); // the first try and 3 retries
  });

  it("does not retry a client error (bad signature answer)", async () => {
    const s = scripted([{ status: 401, body: { error_info: { error_code: 200003, message: "signature error" } } }]);
    const e = await client(s.fetch, []).participantsPage("m1", { userid: "admin" }).catch((x) => x);
    expect((e as TencentMeetingApiError).status).toBe(401);
    expect(s.calls).toHaveLength(1);
  });
});
