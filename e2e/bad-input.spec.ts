// A client's mistake is a 4xx with a reason and writes nothing — including input that PostgreSQL itself would
// refuse (a NUL character, a year 0000 or 10000 date), which used to surface as a 500.
import { expect, test } from "@playwright/test";
import { demoPeople, loginAs, UA } from "./fixtures";

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
