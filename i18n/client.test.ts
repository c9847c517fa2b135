// The client translation hooks (i18n/client.tsx): the same text as next-intl on the server for every kind of
// message the app has, and no client component that still pulls next-intl's client runtime onto phones.
import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { translate } from "./client";
import { compileMessages, isSimpleMessage } from "./compile-messages";
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
    expect(translate({ locale, timeZone: "Asia/Shanghai", messages: compileMessages(messages) }, key)).toBe(server(key as never));
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
        expect(translate({ locale, timeZone: "Asia/Shanghai", messages: compileMessages(messages) }, k, values), `${locale} ${k}`).toBe(expected);
      }
    }
  });

  it.each([
    ["plain text", "签到成功", true],
    ["named arguments", "迟到 {minutes} 分钟，{name}", true],
    ["a plural", "{count, plural, one {# item} other {# items}}", false],
    ["a select", "{kind, select, a {甲} other {乙}}", false],
    ["a number format", "{n, number}", false],
    ["a rich-text tag", "请 <b>{name}</b> 处理", false],
    ["an apostrophe (ICU quoting)", "Don't {name}", false],
    ["a literal pound sign", "第#{n}号", false],
  ] as const)("a message with %s is %s sent as a string", (_name, message, simple) => {
    expect(isSimpleMessage(message)).toBe(simple);
    const compiled = compileMessages({ m: message }).m;
    expect(typeof compiled === "string").toBe(simple);
  });

  it("every message reads the same compiled (as the browser gets it) as next-intl formats it on the server, for both languages", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const messages = await loadMessages(locale);
      const server = createTranslator({ locale, messages, timeZone: "Asia/Shanghai", onError: () => undefined });
      const compiled = { locale, timeZone: "Asia/Shanghai", messages: compileMessages(messages) };
      const walk = (node: unknown, at: string[]): string[] =>
        typeof node === "string" ? [at.join(".")] : node && typeof node === "object" ? Object.entries(node).flatMap(([k, v]) => walk(v, [...at, k])) : [];
      const values = { n: 3, count: 3, name: "林晓静", distance: 35, minutes: 7, time: "09:05", date: "12月7日", total: 12, reason: "原因", client: "企业微信" };
      let checked = 0;
      for (const k of walk(messages, [])) {
        const expected = server(k as never, values as never);
        if (expected === k || /<\w+>/.test(String(k.split(".").reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], messages)))) continue;
        expect(translate(compiled, k, values), `${locale} ${k}`).toBe(expected);
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
    }
  });

  it("no message uses a typed argument ({n, number}, dates): the browser's renderer carries no named formats", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const json = JSON.stringify(compileMessages(await loadMessages(locale)));
      expect(json).not.toContain('"k":"fmt"');
    }
  });

  it("the error view's own messages (common, imported raw by components/shell/route-error-view) need no compiling", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const common = (await loadMessages(locale)).common as Record<string, unknown>;
      const walk = (node: unknown): string[] => (typeof node === "string" ? [node] : node && typeof node === "object" ? Object.values(node).flatMap(walk) : []);
      expect(walk(common).filter((m) => !isSimpleMessage(m))).toEqual([]);
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
