"use client";
// Translations for client components, without next-intl's client runtime (issue 12: it and the ICU formatter
// were ~5 KB gzip on every phone page that had one translating client component). The server picks the namespaces a
// page's client components use (components/shell/client-intl.tsx) and passes them here with the locale and the
// organisation's time zone, already compiled (i18n/compile-messages.ts): simple messages as strings filled in by
// `{name}`, the others parsed on the server into the AST that i18n/message-render.ts renders — so the ICU parser never
// reaches a phone. i18n/message-format.test.ts checks that renderer against the real intl-messageformat on every message. The hooks mirror
// next-intl's (useTranslations, useLocale, useTimeZone, useFormatter().dateTime) so components read the same.
import { createContext, useContext, useMemo } from "react";
import { argText, argValue, formatAst, renderContext, type Node, type RenderContext } from "./message-render";

type Messages = Record<string, unknown>;
type Values = Record<string, string | number | Date | null | undefined>;

interface IntlValue {
  locale: string;
  timeZone: string;
  messages: Messages;
}

const IntlContext = createContext<IntlValue | null>(null);

export function IntlProvider({ locale, timeZone, messages, children }: IntlValue & { children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, timeZone, messages }), [locale, timeZone, messages]);
  return <IntlContext.Provider value={value}>{children}</IntlContext.Provider>;
}

function useIntl(): IntlValue {
  const v = useContext(IntlContext);
  if (!v) throw new Error("a translating client component is rendered outside <ClientIntl> (components/shell/client-intl)");
  return v;
}

export const useLocale = (): string => useIntl().locale;
export const useTimeZone = (): string => useIntl().timeZone;

const contexts = new Map<string, RenderContext>();
const contextFor = (locale: string) => contexts.get(locale) ?? contexts.set(locale, renderContext(locale)).get(locale)!;

function lookup(messages: Messages, path: string): unknown {
  let node: unknown = messages;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Formats one message; a missing key or argument shows the key path (as next-intl does), reported in the console. */
export function translate(intl: IntlValue, path: string, values?: Values): string {
  const message = lookup(intl.messages, path);
  if (typeof message !== "string" && !Array.isArray(message)) {
    console.error(`missing message: ${path}`);
    return path;
  }
  try {
    if (typeof message === "string") return message.replace(/\{([^\s{},<>#]+)\}/g, (_, name: string) => String(argText(argValue(values ?? {}, name))));
    const out = formatAst(message as Node[], values, contextFor(intl.locale));
    return typeof out === "string" ? out : (out as unknown[]).join("");
  } catch (e) {
    // a missing argument or bad syntax: like next-intl, show the key path rather than break the page
    console.error(`cannot format ${path}: ${(e as Error).message}`);
    return path;
  }
}

export type Translate = (key: string, values?: Values) => string;

export function useTranslations(namespace?: string): Translate {
  const intl = useIntl();
  return useMemo(() => (key: string, values?: Values) => translate(intl, namespace ? `${namespace}.${key}` : key, values), [intl, namespace]);
}

/** The part of next-intl's useFormatter the app uses: dates and times in the organisation's zone by default. */
export function useFormatter() {
  const { locale, timeZone } = useIntl();
  return useMemo(
    () => ({ dateTime: (d: Date, opts: Intl.DateTimeFormatOptions = {}) => new Intl.DateTimeFormat(locale, { timeZone, ...opts }).format(d) }),
    [locale, timeZone],
  );
}
