// Messages for client components, only where a page has some (issue 12). The root layout provides none, so pages
// whose client code needs no translation (home, 会议 list, 待办) ship no i18n code at all; a page that renders a
// translating client component wraps it here with the namespaces it uses (the HTML then carries those messages
// only, compiled by i18n/compile-messages so the browser needs no ICU parser). Client components read them with the
// hooks of i18n/client (not next-intl's client runtime).
import { getLocale, getMessages, getTimeZone } from "next-intl/server";
import { IntlProvider } from "@/i18n/client";
import { compileMessages, type CompiledMessages } from "@/i18n/compile-messages";

// Compiled once per locale and namespace (messages are files read once per process, i18n/messages.ts).
const compiled = new Map<string, CompiledMessages>();
function namespaceFor(locale: string, ns: string, all: Record<string, unknown>): CompiledMessages {
  const key = `${locale}\u0000${ns}`;
  let hit = compiled.get(key);
  if (!hit) compiled.set(key, (hit = compileMessages({ [ns]: all[ns] })));
  return hit;
}

/** `namespaces`: top-level message namespaces to send; omit for all of them (the console). */
export async function ClientIntl({ namespaces, children }: { namespaces?: readonly string[]; children: React.ReactNode }) {
  const all = (await getMessages()) as Record<string, unknown>;
  const locale = await getLocale();
  const messages = Object.assign({}, ...(namespaces ?? Object.keys(all)).filter((ns) => ns in all).map((ns) => namespaceFor(locale, ns, all)));
  return (
    <IntlProvider locale={locale} timeZone={await getTimeZone()} messages={messages}>
      {children}
    </IntlProvider>
  );
}
