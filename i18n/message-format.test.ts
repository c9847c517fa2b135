// The browser's ICU formatter (i18n/message-format.ts) against the real intl-messageformat: every message in
// messages/<locale>/*.json, with plural counts around the rule boundaries and values of every kind, gives the same
// text (or both refuse); plus named cases for the syntax we rely on and a property over random counts.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { IntlMessageFormat as Real } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { IntlMessageFormat as Mini } from "./message-format";

type Values = Record<string, unknown>;

function run(F: typeof Real | typeof Mini, msg: string, locale: string, values: Values): unknown {
  try {
    const out = new (F as typeof Mini)(msg, locale).format(values);
    return Array.isArray(out) ? out.map(String).join("") : out;
  } catch {
    return "<error>";
  }
}

function messages(): { id: string; locale: string; msg: string }[] {
  const out: { id: string; locale: string; msg: string }[] = [];
  const walk = (locale: string, prefix: string, v: unknown) => {
    if (typeof v === "string") out.push({ id: prefix, locale, msg: v });
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(locale, prefix ? `${prefix}.${k}` : k, x);
  };
  for (const locale of ["zh-CN", "en"]) {
    const dir = path.join(import.meta.dirname, "..", "messages", locale);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) walk(locale, f, JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  }
  return out;
}

/** Values for every argument and tag a message names, with `n` for the plural/number ones. */
function valuesFor(msg: string, n: number): Values {
  const v: Values = {};
  for (const m of msg.matchAll(/\{\s*([A-Za-z0-9_]+)\s*(,\s*([a-z]+))?/g)) v[m[1]] = m[3] === "plural" || m[3] === "number" || m[3] === "selectordinal" ? n : `«${m[1]}»`;
  for (const m of msg.matchAll(/<([A-Za-z0-9_]+)>/g)) v[m[1]] = (chunks: unknown[]) => `[${m[1]}:${chunks.join("")}]`;
  return v;
}

describe("every message formats as intl-messageformat formats it", () => {
  const all = messages();
  it("finds the messages", () => expect(all.length).toBeGreaterThan(200));
  for (const n of [0, 1, 2, 5, 21, 1234]) {
    it(`n = ${n}`, () => {
      const diffs = all
        .map(({ id, locale, msg }) => ({ id, locale, real: run(Real, msg, locale, valuesFor(msg, n)), mini: run(Mini, msg, locale, valuesFor(msg, n)) }))
        .filter((d) => d.real !== d.mini);
      expect(diffs).toEqual([]);
    });
  }
});

describe("named cases", () => {
  const cases: { name: string; msg: string; values?: Values; locale?: string; want: string }[] = [
    { name: "plain text", msg: "签到成功", want: "签到成功" },
    { name: "argument", msg: "你好，{name}", values: { name: "张三" }, want: "你好，张三" },
    { name: "exact plural", msg: "{n, plural, =0 {none} other {# rows}}", values: { n: 0 }, want: "none" },
    { name: "plural with #", msg: "{n, plural, =0 {none} other {# rows}}", values: { n: 1234 }, locale: "en", want: "1,234 rows" },
    { name: "english one", msg: "{n, plural, one {# day} other {# days}}", values: { n: 1 }, locale: "en", want: "1 day" },
    { name: "offset", msg: "{n, plural, offset:1 =0 {nobody} one {you} other {you and # others}}", values: { n: 3 }, locale: "en", want: "you and 2 others" },
    { name: "select", msg: "{g, select, a {A} other {O}}", values: { g: "b" }, want: "O" },
    { name: "ordinal", msg: "{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}", values: { n: 22 }, locale: "en", want: "22nd" },
    { name: "quoted braces", msg: "use '{name}' literally", values: {}, want: "use {name} literally" },
    { name: "doubled apostrophe", msg: "it''s {x}", values: { x: "ok" }, want: "it's ok" },
    { name: "tag", msg: "read <b>this</b> now", values: { b: (c: unknown[]) => `*${c.join("")}*` }, want: "read *this* now" },
    { name: "number", msg: "{n, number} items", values: { n: 12345 }, locale: "en", want: "12,345 items" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const locale = c.locale ?? "zh-CN";
      expect(run(Mini, c.msg, locale, c.values ?? {})).toBe(c.want);
      expect(run(Real, c.msg, locale, c.values ?? {})).toBe(c.want);
    });
  }
  it("a missing value and bad syntax throw, as the real one does (next-intl then shows its fallback)", () => {
    expect(run(Mini, "hi {name}", "en", {})).toBe("<error>");
    expect(run(Mini, "hi {name", "en", { name: "x" })).toBe("<error>");
    expect(run(Mini, "Bearer <key>.", "en", { key: () => "" })).toBe("<error>");
  });
});

it("property: plural messages agree with intl-messageformat for any count and locale", () => {
  const msgs = messages().filter((m) => /plural/.test(m.msg));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...msgs), fc.constantFrom("zh-CN", "en", "ru", "ar"), (n, m, locale) => {
      expect(run(Mini, m.msg, locale, valuesFor(m.msg, n))).toBe(run(Real, m.msg, locale, valuesFor(m.msg, n)));
    }),
    { numRuns: 300 },
  );
});
