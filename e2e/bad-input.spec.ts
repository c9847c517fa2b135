// A client's mistake is a 4xx with a reason and writes nothing — including input that PostgreSQL itself would
// refuse (a NUL character, a year 0000 or 10000 date), which used to surface as a 500.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { ActionRule, MatrixContext, RouteRule } from "./authz/types";
import { demoPeople, loginAs, serverActionId, UA } from "./fixtures";
import { makeXlsxBomb } from "../tests/xlsx-bomb";

test.use({ viewport: { width: 390, height: 844 }, userAgent: UA.wecomMobile, locale: "zh-CN" });

test("meetings API: NUL characters, impossible dates, reversed ranges, bad leaves → 400/404 with a reason; nothing written", async ({ page }) => {
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo });
  const start = new Date(Date.now() + 60 * 60_000);
  const meeting = (over: Record<string, unknown>) => ({ title: "坏输入测试会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), ...over });
  const mine = async () => (await (await page.request.get("/api/meetings")).json()) as { today: unknown[]; upcoming: unknown[] };
  const before = await mine();

  const cases: { name: string; send: () => ReturnType<typeof page.request.get>; status: number; reason: RegExp }[] = [
    { name: "NUL in a title", send: () => page.request.post("/api/meetings", { data: meeting({ title: "周\u0000会" }) }), status: 400, reason: /title: text must not contain NUL/ },
    { name: "NUL in an employee number", send: () => page.request.post("/api/meetings", { data: meeting({ inviteeEmployeeNos: ["QD\u000000001"] }) }), status: 400, reason: /inviteeEmployeeNos\.0: text must not contain NUL/ },
    { name: "year 0000", send: () => page.request.post("/api/meetings", { data: meeting({ startsAt: "0000-01-01T00:00:00Z" }) }), status: 400, reason: /startsAt: must be between 2000-01-01 and 2999-12-31/ },
    { name: "year 10000 in UTC", send: () => page.request.post("/api/meetings", { data: meeting({ startsAt: "9999-12-31T23:00:00-23:00", endsAt: "9999-12-31T23:30:00-23:00" }) }), status: 400, reason: /must be between/ },
    { name: "NUL in a query string", send: () => page.request.get("/api/meetings/people?no=%00"), status: 400, reason: /no: text must not contain NUL/ },
    { name: "report from year 0000", send: () => page.request.get("/api/meetings/reports?from=0000-01-01&to=2026-01-01"), status: 400, reason: /from: must be between/ },
    { name: "report range reversed", send: () => page.request.get("/api/meetings/reports?from=2026-03-02&to=2026-03-01"), status: 400, reason: /from must not be after to/ },
    { name: "export range reversed (before any byte is streamed)", send: () => page.request.get("/api/meetings/reports/export?from=2026-03-02&to=2026-03-01&format=csv"), status: 400, reason: /from must not be after to/ },
    { name: "a hex id", send: () => page.request.get("/api/meetings/0x10"), status: 400, reason: /id: id must be a positive whole number/ },
    { name: "an exponent id", send: () => page.request.get("/api/meetings/1e3/attendance"), status: 400, reason: /id must be a positive whole number/ },
    { name: "leave ending before it starts", send: () => page.request.post("/api/meetings/leaves", { data: { employeeId: 1, startsAt: "2026-05-02T01:00:00Z", endsAt: "2026-05-01T01:00:00Z" } }), status: 400, reason: /结束时间必须晚于开始时间/ },
    { name: "leave for nobody", send: () => page.request.post("/api/meetings/leaves", { data: { employeeId: 987654321, startsAt: "2026-05-01T01:00:00Z", endsAt: "2026-05-02T01:00:00Z" } }), status: 404, reason: /employee not found/ },
  ];
  for (const c of cases) {
    const r = await c.send();
    expect(r.status(), c.name).toBe(c.status);
    expect(((await r.json()) as { message: string }).message, c.name).toMatch(c.reason);
  }
  const after = await mine();
  expect(after.today.length + after.upcoming.length).toBe(before.today.length + before.upcoming.length);

  // Imports: an unknown mode is refused (it used to run a preview); an oversized file is refused before parsing.
  const created = await page.request.post("/api/meetings", { data: meeting({ title: "导入校验会" }) });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const csv = { name: "members.csv", mimeType: "text/csv", buffer: Buffer.from("用户名称,入会时间\n张三,2026-03-02 10:00\n") };
  const bogus = await page.request.post(`/api/meetings/${id}/import?mode=apply-now`, { multipart: { file: csv } });
  expect(bogus.status()).toBe(400);
  expect(((await bogus.json()) as { message: string }).message).toMatch(/preview|apply/);
  const preview = await page.request.post(`/api/meetings/${id}/import`, { multipart: { file: csv } }); // mode defaults to preview
  expect(preview.status(), await preview.text()).toBe(200);
  expect(((await preview.json()) as { format: string; rows: unknown[] })).toMatchObject({ format: "tencent_meeting", rows: [expect.anything()] });
  const huge = await page.request.post(`/api/meetings/${id}/import?mode=preview`, { multipart: { file: { ...csv, buffer: Buffer.alloc(11 * 1024 * 1024, 65) } } });
  expect(huge.status()).toBe(413);
  expect(((await huge.json()) as { message: string }).message).toBe("文件不能超过 10 MB");
});

test("impossible dates, deep JSON and out-of-range ids: 400/404 with a reason, nothing written", async ({ page }) => {
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo });
  const mine = async () => (await (await page.request.get("/api/meetings")).json()) as { today: unknown[]; upcoming: unknown[] };
  const before = await mine();
  const meeting = (over: Record<string, unknown>) => ({ title: "坏日期会", startsAt: "2026-03-01T01:00:00Z", endsAt: "2026-03-01T02:00:00Z", ...over });
  const leave = (over: Record<string, unknown>) => ({ employeeId: 1, startsAt: "2026-03-01T01:00:00Z", endsAt: "2026-03-02T01:00:00Z", ...over });
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const cases: { name: string; send: () => ReturnType<typeof page.request.get>; status: number; reason: RegExp }[] = [
    { name: "Feb 30 start", send: () => page.request.post("/api/meetings", { data: meeting({ startsAt: "2026-02-30T01:00:00Z" }) }), status: 400, reason: /^startsAt: / },
    { name: "year +275760 end", send: () => page.request.post("/api/meetings", { data: meeting({ endsAt: "+275760-09-13T00:00:00Z" }) }), status: 400, reason: /^endsAt: / },
    { name: "leave from Feb 30", send: () => page.request.post("/api/meetings/leaves", { data: leave({ startsAt: "2026-02-30T01:00:00Z" }) }), status: 400, reason: /^startsAt: / },
    { name: "leave to +275760", send: () => page.request.post("/api/meetings/leaves", { data: leave({ endsAt: "+275760-09-13T00:00:00Z" }) }), status: 400, reason: /^endsAt: / },
    { name: "JSON 100k deep", send: () => page.request.post("/api/meetings", { data: deep, headers: { "content-type": "application/json" } }), status: 400, reason: /deeper than 64/ },
    { name: "a 20-digit id", send: () => page.request.get("/api/meetings/99999999999999999999"), status: 400, reason: /id must be a positive whole number/ },
  ];
  for (const c of cases) {
    const r = await c.send();
    expect(r.status(), c.name).toBe(c.status);
    expect(((await r.json()) as { message: string }).message, c.name).toMatch(c.reason);
  }
  const after = await mine();
  expect(after.today.length + after.upcoming.length).toBe(before.today.length + before.upcoming.length);

  // The console's leave form (enterLeaveAction) takes the same impossible dates as a refusal naming the field, not
  // a 500; the control case (valid dates, nobody) shows the request reached the action's own checks.
  const enterLeave = serverActionId("app/console/leaves/actions.ts#enterLeaveAction");
  const callAction = async (arg: unknown) => {
    const r = await page.request.post("/console/leaves", { headers: { "next-action": enterLeave, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" }, data: JSON.stringify([arg]), maxRedirects: 0 });
    expect(r.status(), JSON.stringify(arg)).toBe(200);
    return /\{"ok":false,"message":"([^"]*)"\}/.exec(await r.text())?.[1];
  };
  expect(await callAction(leave({ employeeId: 987654321 }))).toBe("employee not found");
  expect(await callAction(leave({ startsAt: "2026-02-30T01:00:00Z" }))).toBe("startsAt: Invalid ISO datetime");
  expect(await callAction(leave({ endsAt: "+275760-09-13T00:00:00Z" }))).toBe("endsAt: Invalid ISO datetime");

  // Pages: a bad or unknown id is a real 404 (not a 200 streaming an error page).
  for (const path of ["/meetings/99999999999999999999", "/meetings/987654321", "/meetings/1e3/qr", "/console/meetings/99999999999999999999", "/console/meetings/987654321/edit", "/console/people/99999999999999999999", "/console/people/987654321"]) {
    const r = await page.request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(404);
  }
  // An optional id in a page's query is ignored when it is not one (it reached int8 and answered 500).
  for (const event of ["99999999999999999999", "1e3", "-1"]) {
    const r = await page.request.get(`/console/integrations?event=${event}`, { maxRedirects: 0 });
    expect(r.status(), event).toBe(200);
    await expect(r.text()).resolves.toContain('data-testid="integrations"');
  }
});

/** Every GET page and route of the authorization matrix, with each numeric id (path or query) replaced by `bad`. */
function matrixUrlsWithId(bad: string): string[] {
  const dir = path.join(process.cwd(), "e2e", "authz");
  const ctx: MatrixContext = { origin: "", ids: { anonymous: null, employee: 1, manager: 1, otherManager: 1, organiser: 1, hr: 1, admin: 1 }, managersReport: 1 };
  const urls = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "types.ts")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the matrix's areas, discovered on disk as the matrix does
    for (const r of (require(path.join(dir, f)) as { routes: RouteRule[] }).routes) {
      const p = typeof r.path === "string" ? r.path : r.path(ctx);
      if ((r.method ?? "GET") !== "GET" || /^\/(api\/)?sim(\/|$|\?)/.test(p)) continue; // the simulator mimics the vendors' own answers
      const u = new URL(p, "http://x");
      const segs = u.pathname.split("/");
      segs.forEach((seg, i) => {
        if (/^\d+$/.test(seg)) urls.add(segs.map((x, j) => (j === i ? bad : x)).join("/") + u.search);
      });
      for (const [k, v] of u.searchParams) {
        if (!/^\d+$/.test(v)) continue;
        const q = new URLSearchParams(u.search);
        q.set(k, bad);
        urls.add(`${u.pathname}?${q}`);
      }
    }
  }
  return [...urls].sort();
}

test("no page or GET route answers 5xx to an id that is not one (20 digits, 1e3, -5) in its path or query", async ({ page }) => {
  test.setTimeout(300_000);
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo });
  const urls = ["99999999999999999999", "1e3", "-5"].flatMap(matrixUrlsWithId);
  expect(urls.length, "the matrix has GET rules with numeric ids").toBeGreaterThanOrEqual(60);
  expect(urls).toContain("/api/meetings/99999999999999999999/live"); // the one that answered 500
  const failures: string[] = [];
  for (const url of urls) {
    const r = await page.request.get(url, { maxRedirects: 0 });
    if (r.status() >= 500) failures.push(`${r.status()} ${url}`);
  }
  expect(failures).toEqual([]);
});

test("server actions called with arguments their form never sends (nothing, null, a string, a 20-digit id, Infinity): a refusal, never a 5xx", async ({ page }) => {
  test.setTimeout(300_000);
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo });
  const dir = path.join(process.cwd(), "e2e", "authz");
  // The matrix's actions that take input (a form or values); the simulator's console and parameterless actions
  // (clear, expire) would act whatever they are sent.
  const rules = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts")
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the matrix's areas, discovered on disk as the matrix does
    .flatMap((f) => (require(path.join(dir, f)) as { actions?: ActionRule[] }).actions ?? [])
    .filter((r) => (r.form !== undefined || r.args !== undefined) && !r.action.startsWith("app/sim/"));
  expect(rules.length, "actions taking input in the matrix").toBeGreaterThanOrEqual(15);
  const failures: string[] = [];
  const redirects = new Map<string, string>();
  for (const rule of new Map(rules.map((r) => [r.action, r])).values()) {
    const id = serverActionId(rule.action);
    for (const body of ["[]", "[null]", '["x"]', "[{\"id\":99999999999999999999}]", "[1e400]"]) {
      const r = await page.request.post(rule.page, { headers: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" }, data: body, maxRedirects: 0 });
      if (r.status() >= 500) failures.push(`${r.status()} ${rule.action} ${body}`);
      if (body === "[null]") redirects.set(rule.action, r.headers()["x-action-redirect"] ?? "");
    }
  }
  expect(failures).toEqual([]);
  // A form action (viewerAction) refuses as it refuses a bad form: back to its page with error=bad_request.
  expect(redirects.get("app/console/settings/actions.ts#removeGrantAction")).toMatch(/^\/console\/settings\?error=bad_request;/);
});

test("import bomb: health answers within 500 ms throughout, the upload is refused within 10 s naming the limit", { tag: "@solo" }, async ({ page }) => {
  test.setTimeout(180_000);
  const bomb = await makeXlsxBomb({ rows: 5_000_000 }); // ~700 MB of sheet XML in ~3 MB
  const liar = await makeXlsxBomb({ rows: 40, padBytes: 4_000_000, declaredSize: 4_000 }); // 160 MB, declared 4 KB
  const { hr } = demoPeople();
  await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo });
  const start = new Date(Date.now() + 60 * 60_000);
  const created = await page.request.post("/api/meetings", { data: { title: "导入炸弹会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  for (const [name, buffer, message] of [
    ["bomb.xlsx", bomb, "XLSX 解压后不能超过 64 MB"],
    ["liar.xlsx", liar, "XLSX 解压后不能超过 64 MB"],
    ["many.xlsx", await makeXlsxBomb({ rows: 1_000_000 }), "XLSX 解压后不能超过 64 MB"],
    ["rows.xlsx", await makeXlsxBomb({ rows: 20_001 }), "表格不能超过 20,000 行（含表头）"],
  ] as const) {
    let uploading = true;
    const healthTimes: number[] = [];
    const poll = (async () => {
      while (uploading) {
        const t0 = Date.now();
        const h = await page.request.get("/api/health", { timeout: 5_000 });
        expect(h.status()).toBe(200);
        healthTimes.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = Date.now();
    const r = await page.request.post(`/api/meetings/${id}/import?mode=apply`, { multipart: { file: { name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer } } });
    const took = Date.now() - t0;
    uploading = false;
    await poll;
    console.log(`${name}: ${buffer.length} bytes refused in ${took} ms; health max ${Math.max(...healthTimes)} ms over ${healthTimes.length} polls`);
    expect(r.status(), name).toBe(413);
    expect(((await r.json()) as { message: string }).message, name).toBe(message);
    expect(took, name).toBeLessThan(10_000);
    expect(healthTimes.length, name).toBeGreaterThan(0);
    expect(Math.max(...healthTimes), name).toBeLessThan(500);
  }
  const att = await page.request.get(`/api/meetings/${id}/attendance`);
  expect(att.status()).toBe(200);
  expect(JSON.stringify(await att.json())).not.toContain("张三");
});
