import fs from "node:fs/promises";
import path from "node:path";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

const cache = new Map<Locale, Record<string, unknown>>();

/** All namespaces of a locale: messages/<locale>/<namespace>.json → { <namespace>: {...} }. */
export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const hit = cache.get(locale);
  if (hit) return hit;
  const dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "messages", locale);
  const out: Record<string, unknown> = {};
  for (const file of (await fs.readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
    Object.assign(out, JSON.parse(await fs.readFile(path.join(dir, file), "utf8")));
  }
  cache.set(locale, out);
  return out;
}
