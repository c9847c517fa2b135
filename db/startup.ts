// What must exist before the app serves a request: generated secrets, and the demo organisation in the demo
// deployment (no vendor configured). Runs once per process after migrations; idempotent under concurrent instances.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { env, simulatorEnabled, vendorConfigured } from "@/lib/env";
import { log } from "@/lib/observability/log";
import type { Database, Db } from "./client";
import { appSettings, employees } from "./schema";

/** A setting generated once and shared by every instance; the first writer wins. */
export async function ensureGeneratedSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db.insert(appSettings).values({ key, value: make() }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row.value as string;
}

export async function ensureStartupData(database: Database): Promise<void> {
  const { db } = database;
  await ensureGeneratedSetting(db, "auth_secret", () => randomBytes(32).toString("base64url"));
  await ensureGeneratedSetting(db, "qr_secret", () => randomBytes(32).toString("base64url"));

  // Our own approval flows start from the defaults (leave: leader → HR from 3 days; 补卡: leader).
  await (await import("@/lib/approvals/flows/seed")).ensureDefaultFlows(db);

  // The China calendar against the installed chinese-days (a newer package may bring a year or an amendment):
  // differences are logged and the person-days on changed dates queued for recompute.
  const { refreshCalendarAndRecompute } = await import("@/lib/attendance/calendar-refresh");
  await refreshCalendarAndRecompute(db).catch((err: Error) => log.error({ err: err.message }, "calendar refresh at startup failed"));

  const e = env();
  const wantDemo = e.SEED_DEMO ?? !(vendorConfigured("wecom") || vendorConfigured("dingtalk"));
  if (!wantDemo) return;
  // Demo people carry guessable vendor user ids: never beside a real vendor unless SIMULATOR=on (staging).
  if (!simulatorEnabled()) {
    log.warn("SEED_DEMO=1 ignored: a vendor is configured and SIMULATOR is not on");
    return;
  }
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(employees)) as { n: number }[];
  if (n > 0) return;
  const { seedDemo } = await import("./seed");
  await seedDemo(db);
  await (await import("./demo-punches")).seedDemoPunches(db, new Date());
  await (await import("./demo-board")).seedDemoToday(db, new Date());
}
