// Rendering of a parsed ICU message (the AST of i18n/message-format.ts), without the parser: the browser gets
// messages already parsed on the server (i18n/compile-messages.ts, components/shell/client-intl.tsx), so a phone page
// carries only this renderer (issue 12). The server's small IntlMessageFormat renders with the same code.

export type Values = Record<string, unknown>;
export type Part = unknown;

export type Node =
  | { k: "text"; v: string }
  | { k: "arg"; name: string }
  | { k: "fmt"; name: string; type: "number" | "date" | "time"; style: string }
  | { k: "plural"; name: string; ordinal: boolean; offset: number; options: Record<string, Node[]> }
  | { k: "select"; name: string; options: Record<string, Node[]> }
  | { k: "pound" }
  | { k: "tag"; name: string; children: Node[] };

export type Formatters = {
  getNumberFormat?: (locale: string | string[], opts?: Intl.NumberFormatOptions) => Intl.NumberFormat;
  getDateTimeFormat?: (locale: string | string[], opts?: Intl.DateTimeFormatOptions) => Intl.DateTimeFormat;
  getPluralRules?: (locale: string | string[], opts?: Intl.PluralRulesOptions) => Intl.PluralRules;
};

export type Formats = { number: Record<string, Intl.NumberFormatOptions>; date: Record<string, Intl.DateTimeFormatOptions>; time: Record<string, Intl.DateTimeFormatOptions> };

export interface RenderContext {
  locale: string | string[];
  formats: Formats;
  fmt: Required<Formatters>;
}

/** `formats`: the named number/date/time styles `{n, number, percent}` may use (the server passes ICU's defaults;
 * the browser none, as no message of the app uses a typed argument — i18n/client.test.ts checks that). */
export function renderContext(locale: string | string[], formats: Formats = { number: {}, date: {}, time: {} }, formatters: Formatters = {}): RenderContext {
  return {
    locale,
    formats,
    fmt: {
      getNumberFormat: formatters.getNumberFormat ?? ((l, o) => new Intl.NumberFormat(l, o)),
      getDateTimeFormat: formatters.getDateTimeFormat ?? ((l, o) => new Intl.DateTimeFormat(l, o)),
      getPluralRules: formatters.getPluralRules ?? ((l, o) => new Intl.PluralRules(l, o)),
    },
  };
}

export function argValue(values: Values, name: string): unknown {
  if (!(name in values)) throw new Error(`The intl string context variable "${name}" was not provided to the string`);
  return values[name];
}

/** A plain argument's text: strings and numbers as themselves, null/undefined/false as nothing, anything else kept. */
export function argText(v: unknown): unknown {
  return !v || typeof v === "string" || typeof v === "number" ? (typeof v === "string" || typeof v === "number" ? String(v) : "") : v;
}

/** The message's parts; adjacent strings merged, all strings → one string (intl-messageformat's contract). */
export function formatAst(ast: Node[], values: Values | undefined, ctx: RenderContext): string | Part[] {
  const parts = render(ast, values ?? {}, null, ctx);
  const merged: Part[] = [];
  for (const p of parts) {
    if (typeof p === "string" && typeof merged[merged.length - 1] === "string") merged[merged.length - 1] += p;
    else merged.push(p);
  }
  if (merged.length === 0) return "";
  if (merged.every((p) => typeof p === "string")) return merged.join("");
  return merged.length === 1 ? (merged[0] as string) : merged;
}

function render(nodes: Node[], values: Values, pound: number | null, ctx: RenderContext): Part[] {
  const out: Part[] = [];
  for (const n of nodes) {
    switch (n.k) {
      case "text":
        out.push(n.v);
        break;
      case "arg":
        out.push(argText(argValue(values, n.name)));
        break;
      case "pound":
        out.push(ctx.fmt.getNumberFormat(ctx.locale).format(pound ?? 0));
        break;
      case "fmt": {
        const v = argValue(values, n.name);
        if (n.type === "number") out.push(ctx.fmt.getNumberFormat(ctx.locale, ctx.formats.number[n.style]).format(v as number));
        else {
          const opts = (n.type === "date" ? ctx.formats.date : ctx.formats.time)[n.style || "medium"];
          out.push(ctx.fmt.getDateTimeFormat(ctx.locale, opts).format(v as Date));
        }
        break;
      }
      case "select": {
        const v = String(argValue(values, n.name));
        out.push(...render(n.options[v] ?? n.options.other, values, pound, ctx));
        break;
      }
      case "plural": {
        const v = Number(argValue(values, n.name));
        const exact = n.options[`=${v}`];
        const rule = exact ? null : ctx.fmt.getPluralRules(ctx.locale, { type: n.ordinal ? "ordinal" : "cardinal" }).select(v - n.offset);
        out.push(...render(exact ?? n.options[rule!] ?? n.options.other, values, v - n.offset, ctx));
        break;
      }
      case "tag": {
        const fn = argValue(values, n.name);
        const children = render(n.children, values, pound, ctx);
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
