// The browser's stand-in for `intl-messageformat` (next.config.js aliases it for client bundles only; the server
// keeps the real one). next-intl's client hooks format ICU messages with it, and the real package with its ICU
// parser is ~14 KB gzip on every workbench page (issue 12). Our messages use a small subset of ICU, which this
// covers with the same output: plain text, `{arg}`, `{n, plural, =0 {…} one {…} other {… # …}}` (with `offset:`),
// `{x, select, a {…} other {…}}`, `{n, selectordinal, …}`, `{n, number}` / `{d, date|time[, short|medium|long|full]}`,
// rich-text tags `<b>…</b>`, and ICU apostrophe quoting. Anything else throws, as the real parser does for bad
// syntax, and next-intl then shows its fallback. i18n/message-format.test.ts checks every message in messages/
// against the real intl-messageformat.

type Values = Record<string, unknown>;
type Part = unknown;

type Node =
  | { k: "text"; v: string }
  | { k: "arg"; name: string }
  | { k: "fmt"; name: string; type: "number" | "date" | "time"; style: string }
  | { k: "plural"; name: string; ordinal: boolean; offset: number; options: Record<string, Node[]> }
  | { k: "select"; name: string; options: Record<string, Node[]> }
  | { k: "pound" }
  | { k: "tag"; name: string; children: Node[] };

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new Error(`${what} at ${this.i} in ${JSON.stringify(this.s)}`);
  }

  ws() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  word(): string {
    const m = /^[^\s{},<>#]+/.exec(this.s.slice(this.i));
    if (!m) this.fail("expected a name");
    this.i += m[0].length;
    return m[0];
  }

  /** A message up to `}` (inside a plural/select option), `</` (inside a tag) or the end. */
  message(inOption: boolean, inPlural: boolean, inTag: boolean): Node[] {
    const out: Node[] = [];
    let text = "";
    const flush = () => {
      if (text) out.push({ k: "text", v: text });
      text = "";
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === "'") {
        const n = this.s[this.i + 1];
        if (n === "'") {
          text += "'";
          this.i += 2;
        } else if (n === "{" || n === "}" || n === "<" || (inPlural && n === "#")) {
          // Quoted literal up to the next lone apostrophe ('' inside stays one apostrophe).
          this.i += 1;
          while (this.i < this.s.length) {
            if (this.s[this.i] === "'") {
              if (this.s[this.i + 1] === "'") {
                text += "'";
                this.i += 2;
                continue;
              }
              this.i += 1;
              break;
            }
            text += this.s[this.i++];
          }
        } else {
          text += c;
          this.i += 1;
        }
      } else if (c === "{") {
        flush();
        out.push(this.argument(inPlural));
      } else if (c === "}") {
        if (inOption) break;
        this.fail("unmatched }");
      } else if (c === "#" && inPlural) {
        flush();
        out.push({ k: "pound" });
        this.i += 1;
      } else if (c === "<" && this.s[this.i + 1] === "/") {
        if (inTag) break;
        this.fail("closing tag without an opening one");
      } else if (c === "<" && /[a-zA-Z0-9]/.test(this.s[this.i + 1] ?? "")) {
        flush();
        out.push(this.tag(inPlural));
      } else {
        text += c;
        this.i += 1;
      }
    }
    flush();
    return out;
  }

  tag(inPlural: boolean): Node {
    this.i += 1; // <
    const m = /^[a-zA-Z0-9_-]+/.exec(this.s.slice(this.i))!;
    const name = m[0];
    this.i += name.length;
    if (this.s[this.i] !== ">") this.fail("bad tag");
    this.i += 1;
    const children = this.message(false, inPlural, true);
    const close = `</${name}>`;
    if (!this.s.startsWith(close, this.i)) this.fail(`unclosed tag <${name}>`);
    this.i += close.length;
    return { k: "tag", name, children };
  }

  argument(inPlural: boolean): Node {
    this.i += 1; // {
    this.ws();
    const name = this.word();
    this.ws();
    if (this.s[this.i] === "}") {
      this.i += 1;
      return { k: "arg", name };
    }
    if (this.s[this.i] !== ",") this.fail("expected , or }");
    this.i += 1;
    this.ws();
    const type = this.word();
    this.ws();
    if (type === "number" || type === "date" || type === "time") {
      let style = "";
      if (this.s[this.i] === ",") {
        this.i += 1;
        this.ws();
        style = this.word();
        this.ws();
      }
      if (this.s[this.i] !== "}") this.fail("expected }");
      this.i += 1;
      return { k: "fmt", name, type, style };
    }
    if (type !== "plural" && type !== "selectordinal" && type !== "select") this.fail(`unsupported argument type ${type}`);
    if (this.s[this.i] !== ",") this.fail("expected ,");
    this.i += 1;
    this.ws();
    let offset = 0;
    if (type !== "select" && this.s.startsWith("offset:", this.i)) {
      this.i += 7;
      this.ws();
      offset = Number(this.word());
      this.ws();
    }
    const options: Record<string, Node[]> = {};
    while (this.s[this.i] !== "}") {
      if (this.i >= this.s.length) this.fail("unclosed argument");
      const key = this.word();
      this.ws();
      if (this.s[this.i] !== "{") this.fail("expected {");
      this.i += 1;
      options[key] = this.message(true, type !== "select" || inPlural, false);
      if (this.s[this.i] !== "}") this.fail("unclosed option");
      this.i += 1;
      this.ws();
    }
    this.i += 1;
    if (!options.other) this.fail("missing other");
    return type === "select" ? { k: "select", name, options } : { k: "plural", name, ordinal: type === "selectordinal", offset, options };
  }
}

type Formatters = {
  getNumberFormat?: (locale: string | string[], opts?: Intl.NumberFormatOptions) => Intl.NumberFormat;
  getDateTimeFormat?: (locale: string | string[], opts?: Intl.DateTimeFormatOptions) => Intl.DateTimeFormat;
  getPluralRules?: (locale: string | string[], opts?: Intl.PluralRulesOptions) => Intl.PluralRules;
};

type Formats = { number: Record<string, Intl.NumberFormatOptions>; date: Record<string, Intl.DateTimeFormatOptions>; time: Record<string, Intl.DateTimeFormatOptions> };

const DEFAULT_FORMATS: Formats = {
  number: { integer: { maximumFractionDigits: 0 }, currency: { style: "currency" }, percent: { style: "percent" } },
  date: {
    short: { month: "numeric", day: "numeric", year: "2-digit" },
    medium: { month: "short", day: "numeric", year: "numeric" },
    long: { month: "long", day: "numeric", year: "numeric" },
    full: { weekday: "long", month: "long", day: "numeric", year: "numeric" },
  },
  time: {
    short: { hour: "numeric", minute: "numeric" },
    medium: { hour: "numeric", minute: "numeric", second: "numeric" },
    long: { hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "short" },
    full: { hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "short" },
  },
};

export class IntlMessageFormat {
  static formats: Formats = DEFAULT_FORMATS;

  private readonly ast: Node[];
  private readonly locale: string | string[];
  private readonly formats: Formats;
  private readonly fmt: Required<Formatters>;

  constructor(message: string, locales?: string | string[], formats?: Partial<Formats>, opts?: { formatters?: Formatters }) {
    this.ast = new Parser(message).message(false, false, false);
    this.locale = locales ?? "en";
    this.formats = {
      number: { ...DEFAULT_FORMATS.number, ...formats?.number },
      date: { ...DEFAULT_FORMATS.date, ...formats?.date },
      time: { ...DEFAULT_FORMATS.time, ...formats?.time },
    };
    const f = opts?.formatters ?? {};
    this.fmt = {
      getNumberFormat: f.getNumberFormat ?? ((l, o) => new Intl.NumberFormat(l, o)),
      getDateTimeFormat: f.getDateTimeFormat ?? ((l, o) => new Intl.DateTimeFormat(l, o)),
      getPluralRules: f.getPluralRules ?? ((l, o) => new Intl.PluralRules(l, o)),
    };
  }

  format(values?: Values): string | Part[] {
    const parts = this.render(this.ast, values ?? {}, null);
    // Adjacent strings merge; all strings → one string (the real formatter's contract).
    const merged: Part[] = [];
    for (const p of parts) {
      if (typeof p === "string" && typeof merged[merged.length - 1] === "string") merged[merged.length - 1] += p;
      else merged.push(p);
    }
    if (merged.length === 0) return "";
    if (merged.every((p) => typeof p === "string")) return merged.join("");
    return merged.length === 1 ? (merged[0] as string) : merged;
  }

  private value(values: Values, name: string): unknown {
    if (!(name in values)) throw new Error(`The intl string context variable "${name}" was not provided to the string`);
    return values[name];
  }

  private render(nodes: Node[], values: Values, pound: number | null): Part[] {
    const out: Part[] = [];
    for (const n of nodes) {
      switch (n.k) {
        case "text":
          out.push(n.v);
          break;
        case "arg": {
          const v = this.value(values, n.name);
          out.push(!v || typeof v === "string" || typeof v === "number" ? (typeof v === "string" || typeof v === "number" ? String(v) : "") : v);
          break;
        }
        case "pound":
          out.push(this.fmt.getNumberFormat(this.locale).format(pound ?? 0));
          break;
        case "fmt": {
          const v = this.value(values, n.name);
          if (n.type === "number") out.push(this.fmt.getNumberFormat(this.locale, this.formats.number[n.style]).format(v as number));
          else {
            const opts = (n.type === "date" ? this.formats.date : this.formats.time)[n.style || "medium"];
            out.push(this.fmt.getDateTimeFormat(this.locale, opts).format(v as Date));
          }
          break;
        }
        case "select": {
          const v = String(this.value(values, n.name));
          out.push(...this.render(n.options[v] ?? n.options.other, values, pound));
          break;
        }
        case "plural": {
          const v = Number(this.value(values, n.name));
          const exact = n.options[`=${v}`];
          const rule = exact ? null : this.fmt.getPluralRules(this.locale, { type: n.ordinal ? "ordinal" : "cardinal" }).select(v - n.offset);
          out.push(...this.render(exact ?? n.options[rule!] ?? n.options.other, values, v - n.offset));
          break;
        }
        case "tag": {
          const fn = this.value(values, n.name);
          const children = this.render(n.children, values, pound);
          if (typeof fn !== "function") throw new Error(`tag <${n.name}> needs a function value`);
          const r = fn(children);
          if (Array.isArray(r)) out.push(...r);
          else out.push(r);
          break;
        }
      }
    }
    return out;
  }
}

export default IntlMessageFormat;
