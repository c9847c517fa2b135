import { getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";

export default async function Home() {
  const t = await getTranslations("app");
  return (
    <main className="p-6">
      <h1 className="text-2xl font-semibold">{t("name")}</h1>
      <p className="text-slate-500">{t("tagline")}</p>
    </main>
  );
}
