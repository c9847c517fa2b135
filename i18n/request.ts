// next-intl without locale routing: zh-CN first, en second, chosen by the `locale` cookie or Accept-Language.
// Messages live in messages/<locale>/<namespace>.json, one file per area, merged here.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { loadMessages, type Locale } from "./messages";

export default getRequestConfig(async () => {
  const cookieLocale = (await cookies()).get("locale")?.value;
  let locale: Locale = "zh-CN";
  if (cookieLocale === "en" || cookieLocale === "zh-CN") locale = cookieLocale;
  else {
    const accept = (await headers()).get("accept-language") ?? "";
    if (/^en\b/i.test(accept)) locale = "en";
  }
  const { env } = await import("@/lib/env");
  return { locale, timeZone: env().ORG_TIMEZONE, messages: await loadMessages(locale) };
});
