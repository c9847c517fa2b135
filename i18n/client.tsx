"use client";
// Translations for client components, without next-intl's client runtime (issue 12: it and the ICU formatter
// were ~5 KB gzip on every phone page that had one translating client component). The server picks the namespaces a
// page's client components use (components/shell/client-intl.tsx) and passes them here with the locale and the
// organisation's time zone; messages format with the small ICU formatter of i18n/message-format.ts, which
// i18n/message-format.test.ts checks against the real intl-messageformat on every message. The hooks mirror
// next-intl's (useTranslations, useLocale, useTimeZone, useFormatter().dateTime) so components read the same.
import { createContext, useContext, useMemo } from "react";
import { IntlMessageFormat } from "./message-format";

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

const compiled = new Map<string, IntlMessageFormat>();

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
  if (typeof message !== "string") {
    console.error(`missing message: ${path}`);
    return path;
  }
  try {
    const key = `${intl.locale}\u0000${message}`;
    let f = compiled.get(key);
    if (!f) compiled.set(key, (f = new IntlMessageFormat(message, intl.locale)));
    const out = f.format(values as Record<string, unknown>);
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
