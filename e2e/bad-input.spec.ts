// A client's mistake is a 4xx with a reason and writes nothing — including input that PostgreSQL itself would
// refuse (a NUL character, a year 0000 or 10000 date), which used to surface as a 500.
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";
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

  // Pages: a bad or unknown id is a real 404 (not a 200 streaming an error page).
  for (const path of ["/meetings/99999999999999999999", "/meetings/987654321", "/meetings/1e3/qr", "/console/meetings/99999999999999999999", "/console/meetings/987654321/edit", "/console/people/99999999999999999999", "/console/people/987654321"]) {
    const r = await page.request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(404);
  }
});

test("import bomb: health answers within 500 ms throughout, the upload is refused within 10 s naming the limit", async ({ page }) => {
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
