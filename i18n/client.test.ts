// The client translation hooks (i18n/client.tsx): the same text as next-intl on the server for every kind of
// message the app has, and no client component that still pulls next-intl's client runtime onto phones.
import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { translate } from "./client";
import { loadMessages } from "./messages";

const ROOT = path.resolve(import.meta.dirname, "..");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("i18n/client", () => {
  it.each([
    ["zh-CN", "meetings.status.late"],
    ["en", "meetings.status.on_time"],
    ["zh-CN", "punch.noGroup"],
  ] as const)("%s %s reads as on the server", async (locale, key) => {
    const messages = await loadMessages(locale);
    const server = createTranslator({ locale, messages, timeZone: "Asia/Shanghai" });
    expect(translate({ locale, timeZone: "Asia/Shanghai", messages }, key)).toBe(server(key as never));
  });

  it("formats arguments and plurals like next-intl, for every message of the punch and meetings namespaces that takes a count or a name", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const messages = await loadMessages(locale);
      const server = createTranslator({ locale, messages, timeZone: "Asia/Shanghai", onError: () => undefined });
      const walk = (node: unknown, at: string[]): string[] =>
        typeof node === "string" ? [at.join(".")] : node && typeof node === "object" ? Object.entries(node).flatMap(([k, v]) => walk(v, [...at, k])) : [];
      const keys = walk({ punch: messages.punch, meetings: messages.meetings }, []).filter((k) => {
        const m = k.split(".").reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], messages) as string;
        return /^\{?[^{}]*\{(n|count|name|distance|minutes)\b/.test(m) && !/<\w+>/.test(m);
      });
      expect(keys.length).toBeGreaterThan(3);
      for (const k of keys) {
        const values = { n: 3, count: 3, name: "林晓静", distance: 35, minutes: 7 };
        const expected = server(k as never, values as never);
        if (expected === k) continue; // the message needs other arguments too (both show the key path)
        expect(translate({ locale, timeZone: "Asia/Shanghai", messages }, k, values), `${locale} ${k}`).toBe(expected);
      }
    }
  });

  it("a missing key shows its path", () => {
    expect(translate({ locale: "zh-CN", timeZone: "Asia/Shanghai", messages: {} }, "nope.key")).toBe("nope.key");
  });

  it("no client component imports next-intl (its client runtime would ship to phones; use i18n/client)", () => {
    const offenders = [...files(path.join(ROOT, "app")), ...files(path.join(ROOT, "components")), ...files(path.join(ROOT, "lib"))]
      .filter((f) => {
        const src = fs.readFileSync(f, "utf8");
        return /^\s*["']use client["']/.test(src) && /from\s+["']next-intl["']/.test(src);
      })
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
