// next-intl without locale routing: zh-CN first, en second, chosen by the `locale` cookie or Accept-Language.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export default getRequestConfig(async () => {
  const cookieLocale = (await cookies()).get("locale")?.value;
  let locale: Locale = "zh-CN";
  if (cookieLocale === "en" || cookieLocale === "zh-CN") locale = cookieLocale;
  else {
    const accept = (await headers()).get("accept-language") ?? "";
    if (/^en\b/i.test(accept)) locale = "en";
  }
  return {
    locale,
    timeZone: process.env.ORG_TIMEZONE || "Asia/Shanghai",
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
