// What must exist before the app serves a request: generated secrets, and the demo organisation in
// simulator mode. Runs once per process after migrations; idempotent and safe under concurrent instances.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { dingtalkSimulated, env, wecomSimulated } from "@/lib/env";
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

  const e = env();
  const simulator = wecomSimulated() && dingtalkSimulated();
  const wantDemo = e.SEED_DEMO ?? simulator;
  if (!wantDemo) return;
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(employees)) as { n: number }[];
  if (n > 0) return;
  const { seedDemo } = await import("./seed");
  await seedDemo(db);
}
