// Demo meetings are dated relative to the day the demo is seeded, and so are titles that name a month or quarter:
// a "11 月全员大会" dated in December read as a mistake (issue 11 item 9).
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { meetings } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { seedDemo } from "./seed";

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function seededAt(now: Date): Promise<{ title: string; businessDate: string }[]> {
  t = await createTestDatabase();
  const db: Db = t.database.db;
  await seedDemo(db, { now });
  return db.select({ title: meetings.title, businessDate: meetings.businessDate }).from(meetings);
}

describe("demo meeting titles follow their dates", () => {
  it.each([
    ["early December (all-hands on the last day of November)", "2026-12-01T04:00:00Z", 11, 4],
    ["mid December", "2026-12-15T04:00:00Z", 12, 4],
    ["New Year's Day (sales review still in Q4 of the old year)", "2027-01-01T04:00:00Z", 12, 4],
    ["mid April", "2027-04-20T04:00:00Z", 4, 2],
  ])("%s", async (_name, now, allHandsMonth, salesQuarter) => {
    const rows = await seededAt(new Date(now));
    const allHands = rows.find((r) => r.title.endsWith("月全员大会"))!;
    expect(allHands.title).toBe(`${allHandsMonth} 月全员大会`);
    expect(Number(String(allHands.businessDate).slice(5, 7))).toBe(allHandsMonth);
    const sales = rows.find((r) => r.title.startsWith("销售中心 Q"))!;
    expect(sales.title).toBe(`销售中心 Q${salesQuarter} 冲刺会`);
    expect(Math.ceil(Number(String(sales.businessDate).slice(5, 7)) / 3)).toBe(salesQuarter);
  });
});
