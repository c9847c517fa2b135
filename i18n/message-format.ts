// The browser's stand-in for `intl-messageformat` (next.config.js aliases it for client bundles only; the server
// keeps the real one). next-intl's client hooks format ICU messages with it, and the real package with its ICU
// parser is ~14 KB gzip on every workbench page (issue 12). Our messages use a small subset of ICU, which this
// covers with the same output: plain text, `{arg}`, `{n, plural, =0 {…} one {…} other {… # …}}` (with `offset:`),
// `{x, select, a {…} other {…}}`, `{n, selectordinal, …}`, `{n, number}` / `{d, date|time[, short|medium|long|full]}`,
// rich-text tags `<b>…</b>`, and ICU apostrophe quoting. Anything else throws, as the real parser does for bad
// syntax, and next-intl then shows its fallback. i18n/message-format.test.ts checks every message in messages/
// against the real intl-messageformat.

import { formatAst, renderContext, type Formats, type Formatters, type Node, type Part, type RenderContext, type Values } from "./message-render";

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

export const DEFAULT_FORMATS: Formats = {
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

/** Parses an ICU message of the subset above into the AST i18n/message-render.ts renders (throws on bad syntax). */
export function parseMessage(message: string): Node[] {
  return new Parser(message).message(false, false, false);
}

export class IntlMessageFormat {
  static formats: Formats = DEFAULT_FORMATS;

  private readonly ast: Node[];
  private readonly ctx: RenderContext;

  constructor(message: string, locales?: string | string[], formats?: Partial<Formats>, opts?: { formatters?: Formatters }) {
    this.ast = parseMessage(message);
    this.ctx = renderContext(
      locales ?? "en",
      {
        number: { ...DEFAULT_FORMATS.number, ...formats?.number },
        date: { ...DEFAULT_FORMATS.date, ...formats?.date },
        time: { ...DEFAULT_FORMATS.time, ...formats?.time },
      },
      opts?.formatters,
    );
  }

  format(values?: Values): string | Part[] {
    return formatAst(this.ast, values, this.ctx);
  }
}

export default IntlMessageFormat;
