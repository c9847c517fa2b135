// AUTH_SECRET: a configured value always wins; otherwise the one db/startup.ts generated into app_settings,
// so every instance shares it and it survives restarts.
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { appSettings } from "@/db/schema";
import { env } from "@/lib/env";

const g = globalThis as unknown as { __qdAuthSecret?: Promise<string> };

export function resolveAuthSecret(): Promise<string> {
  const configured = env().AUTH_SECRET;
  if (configured) return Promise.resolve(configured);
  if (!g.__qdAuthSecret) {
    const p = (async () => {
      const db = await getDb(); // getDatabase() runs ensureStartupData, which generates the secret
      const [row] = await db.select().from(appSettings).where(eq(appSettings.key, "auth_secret"));
      if (!row || typeof row.value !== "string" || row.value.length < 32) throw new Error("auth_secret missing in app_settings");
      return row.value;
    })();
    g.__qdAuthSecret = p;
    p.catch(() => {
      if (g.__qdAuthSecret === p) g.__qdAuthSecret = undefined;
    });
  }
  return g.__qdAuthSecret;
}
