// Messages for client components, only where a page has some (issue 12). The root layout provides none, so pages
// whose client code needs no translation (home, 会议 list, 待办) ship no i18n code at all; a page that renders a
// translating client component wraps it here with the namespaces it uses (the HTML then carries those messages
// only). Client components read them with the hooks of i18n/client (not next-intl's client runtime).
import { getLocale, getMessages, getTimeZone } from "next-intl/server";
import { IntlProvider } from "@/i18n/client";

/** `namespaces`: top-level message namespaces to send; omit for all of them (the console). */
export async function ClientIntl({ namespaces, children }: { namespaces?: readonly string[]; children: React.ReactNode }) {
  const all = (await getMessages()) as Record<string, unknown>;
  const messages = namespaces ? Object.fromEntries(namespaces.filter((ns) => ns in all).map((ns) => [ns, all[ns]])) : all;
  return (
    <IntlProvider locale={await getLocale()} timeZone={await getTimeZone()} messages={messages}>
      {children}
    </IntlProvider>
  );
}
