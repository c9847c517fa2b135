import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { deploymentMode } from "@/lib/env";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: `${t("name")} · ${t("tagline")}`, template: `%s · ${t("name")}` },
    description: t("tagline"),
    formatDetection: { telephone: false }, // employee numbers and mobiles must not turn into links in webviews
  };
}

// viewportFit "cover" turns on env(safe-area-inset-*) for the notch and the home indicator.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  maximumScale: 1,
  viewportFit: "cover",
  themeColor: "#2f7cf6",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("app");
  return (
    <html lang={locale}>
      <body>
        {deploymentMode() === "staging" ? (
          // SIMULATOR=on: anyone can sign in as anyone through the simulator, so every page says so.
          <div role="alert" data-testid="simulator-banner" className="sticky top-0 z-50 bg-red-600 px-4 py-1.5 text-center text-sm font-semibold text-white">
            {t("simulatorBanner")}
          </div>
        ) : null}
        {/* No client messages or toasts here: pages and layouts that need them provide them (components/shell/client-intl). */}
        {children}
      </body>
    </html>
  );
}
