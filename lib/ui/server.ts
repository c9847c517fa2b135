// Server-side formatting context: the request's language and the organisation's time zone.
import "server-only";
import { getLocale } from "next-intl/server";
import { env } from "@/lib/env";
import type { FormatContext, UiLocale } from "./format";

export async function formatContext(): Promise<FormatContext> {
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  return { locale: locale as UiLocale, timeZone: env().ORG_TIMEZONE };
}
