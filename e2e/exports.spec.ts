// Console exports end to end: the 导出 CSV / 导出 Excel buttons download streamed files that hold the page's rows.
// HR downloads the people list (filtered by a search) as CSV and the integrations inbox (filtered by source/type)
// as Excel — a callback carrying a mobile number and an email comes out masked, never raw; a manager downloads the
// leave list as Excel and sees their team's leave but not another department's.
import { expect, test } from "@playwright/test";
import { currentCallbackKeys } from "../lib/ingest/testing/keys";
import { wecomSignedPost, wecomTextMessage } from "../lib/vendors/wecom/sender";
import { download, parseCsv, sheetRows, today } from "./files";
import { demoPeople, loginAs } from "./fixtures";

const DESKTOP = { width: 1440, height: 900 };




test("HR: people as CSV (search kept), the integrations inbox as Excel with personal data masked", async ({ browser }) => {
  test.setTimeout(210_000);
  const people = demoPeople();
  const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", acceptDownloads: true });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });

  // People, searched by one employee number: the CSV holds exactly that person.
  const target = people.employee;
  await page.goto(`/console/people?q=${target.employeeNo}`);
  await expect(page.getByTestId("person-row")).toHaveCount(1);
  await expect(page.getByTestId("export-people-csv")).toHaveText("导出 CSV");
  await expect(page.getByTestId("export-people-xlsx")).toHaveText("导出 Excel");
  await page.screenshot({ path: test.info().outputPath("exports-people.png"), fullPage: true });
  const csv = await download(page, "export-people-csv");
  expect(csv.d.suggestedFilename()).toBe(`人员-${today()}.csv`);
  const text = csv.body.toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = parseCsv(text.slice(1));
  expect(rows[0].slice(0, 5)).toEqual(["工号", "姓名", "部门", "职务", "状态"]);
  expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([[target.employeeNo, target.name, "在职"]]);

  // A WeCom callback with a mobile and an email; once handled, the inbox export (filtered) shows it masked.
  const keys = currentCallbackKeys();
  const msgId = `e2eexp${Date.now()}`;
  const signed = wecomSignedPost(keys.wecom, wecomTextMessage(keys.wecom.corpId, "wangwu", msgId, "手机 13812345678 邮箱 wangwu@example.com"));
  const sent = await page.request.post(signed.pathAndQuery, { headers: signed.headers, data: signed.body ?? "" });
  expect(sent.status()).toBe(200);
  await expect(async () => {
    await page.goto("/console/integrations?source=wecom&type=msg.text&status=handled");
    await page.getByTestId(/^inbox-row-/).first().getByRole("link").click();
    await expect(page.getByTestId("payload")).toContainText(msgId, { timeout: 1000 });
    // The worker handles the event between polls, behind whatever earlier specs queued: on a busy CI machine that
    // took longer than 20 s once and longer than 60 s once (the suite's order puts bulk approval pushes before it).
  }).toPass({ timeout: 150_000 });
  await page.screenshot({ path: test.info().outputPath("exports-integrations.png"), fullPage: true });
  const xlsx = await download(page, "export-inbox-xlsx");
  expect(xlsx.d.suggestedFilename()).toBe(`接入事件-${today()}.xlsx`);
  const sheet = await sheetRows(xlsx.body);
  expect(sheet.name).toBe("接入事件");
  const header = sheet.rows[0];
  expect(header).toEqual(expect.arrayContaining(["来源", "事件类型", "状态", "内容（已脱敏）"]));
  const body = sheet.rows.slice(1);
  expect(body.length).toBeGreaterThan(0);
  for (const r of body) {
    expect(r[header.indexOf("来源")]).toBe("企业微信");
    expect(r[header.indexOf("事件类型")]).toBe("msg.text");
    expect(r[header.indexOf("状态")]).toBe("已处理");
  }
  const mine = body.find((r) => r[header.indexOf("内容（已脱敏）")].includes(msgId));
  expect(mine, "the event we sent is in the file").toBeTruthy();
  const payload = mine![header.indexOf("内容（已脱敏）")];
  expect(payload).toContain("138****5678");
  expect(payload).toContain("w***@example.com");
  expect(JSON.stringify(sheet.rows)).not.toContain("13812345678");
  expect(JSON.stringify(sheet.rows)).not.toContain("wangwu@example.com");
  await ctx.close();
});

test("manager: the leave list as Excel holds their team's leave only", async ({ browser }) => {
  test.setTimeout(120_000);
  const people = demoPeople();
  const hrCtx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", acceptDownloads: true });
  const hr = await hrCtx.newPage();
  await loginAs(hr, { vendor: "wecom", employeeNo: people.hr.employeeNo, ua: "pc" });
  const idOf = async (no: string) => ((await (await hr.request.get(`/api/meetings/people?no=${no}`)).json()) as { id: number }).id;
  const stamp = Date.now();
  const inTeam = `团队请假-${stamp}`;
  const elsewhere = `外部请假-${stamp}`;
  for (const [no, reason] of [[people.employee.employeeNo, inTeam], [people.outsider.employeeNo, elsewhere]] as const) {
    const r = await hr.request.post("/api/meetings/leaves", {
      data: { employeeId: await idOf(no), startsAt: "2026-01-05T01:00:00.000Z", endsAt: "2026-01-05T09:00:00.000Z", reason },
    });
    expect(r.status(), await r.text()).toBe(201);
  }
  // HR's CSV has both.
  await hr.goto("/console/leaves");
  const all = parseCsv((await download(hr, "export-leaves-csv")).body.toString("utf8").slice(1));
  const reasonCol = all[0].indexOf("事由");
  expect(all.map((r) => r[reasonCol])).toEqual(expect.arrayContaining([inTeam, elsewhere]));
  await hrCtx.close();

  const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN", acceptDownloads: true });
  const page = await ctx.newPage();
  await loginAs(page, { vendor: "wecom", employeeNo: people.manager.employeeNo, ua: "pc" });
  await page.goto("/console/leaves");
  await page.screenshot({ path: test.info().outputPath("exports-leaves-manager.png"), fullPage: true });
  const x = await download(page, "export-leaves-xlsx");
  const sheet = await sheetRows(x.body);
  const h = sheet.rows[0];
  expect(h).toEqual(["工号", "姓名", "部门", "开始时间", "结束时间", "事由", "登记人", "登记时间"]);
  const mine = sheet.rows.find((r) => r[h.indexOf("事由")] === inTeam);
  expect(mine).toBeTruthy();
  expect(mine![0]).toBe(people.employee.employeeNo);
  expect(mine![h.indexOf("开始时间")]).toBe("2026-01-05 09:00:00"); // 01:00Z in Asia/Shanghai
  expect(sheet.rows.map((r) => r[h.indexOf("事由")])).not.toContain(elsewhere);
  await ctx.close();
});
