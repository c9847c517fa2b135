// Sign out (Auth.js pages.signOut): a confirmation in the viewer's language, then back to the login page.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { signOut } from "@/auth";

export const dynamic = "force-dynamic";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login/signout?done=1" });
}

export default async function SignOutPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const t = await getTranslations("auth.signOutPage");
  const done = (await searchParams).done === "1";
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-5 py-10">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200/70 bg-white p-6 text-center shadow-[0_1px_2px_rgba(15,23,42,0.04)]" data-testid="signout">
        <h1 className="text-lg font-semibold text-slate-900">{done ? t("doneTitle") : t("title")}</h1>
        <p className="mt-2 text-[14px] leading-6 text-slate-600">{done ? t("doneBody") : t("body")}</p>
        {done ? (
          <a href="/login" className="mt-5 inline-flex h-11 items-center justify-center rounded-xl bg-brand-500 px-5 text-[15px] font-medium text-white hover:bg-brand-600">
            {t("signInAgain")}
          </a>
        ) : (
          <form action={signOutAction} className="mt-5 flex justify-center gap-3">
            <Link href="/" className="inline-flex h-11 items-center justify-center rounded-xl border border-slate-200 px-5 text-[15px] text-slate-700 hover:bg-slate-50">
              {t("cancel")}
            </Link>
            <button type="submit" className="inline-flex h-11 items-center justify-center rounded-xl bg-brand-500 px-5 text-[15px] font-medium text-white hover:bg-brand-600">
              {t("confirm")}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
