// Auth.js (next-auth 5.0.0-beta.32). Lazy config: the secret may come from the database (app_settings
// "auth_secret", generated at first start) unless AUTH_SECRET is configured, which always wins.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { appUrl } from "@/lib/env";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { employees } from "@/db/schema";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { verifyLoginTicket } from "@/lib/auth/ticket";

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const secret = await resolveAuthSecret();
  return {
    ...authConfig,
    secret,
    useSecureCookies: appUrl().startsWith("https://"),
    callbacks: {
      ...authConfig.callbacks,
      // Every session read re-checks the employee: a departed person's session is cleared at once.
      async jwt(params) {
        const token = authConfig.callbacks.jwt(params);
        if (params.user || typeof token.employeeId !== "number") return token;
        const db = await getDb();
        const [e] = await db.select({ status: employees.status }).from(employees).where(eq(employees.id, token.employeeId));
        return e?.status === "active" ? token : null;
      },
    },
    providers: [
      Credentials({
        id: "vendor",
        name: "WeCom / DingTalk",
        credentials: { ticket: {} },
        async authorize(credentials) {
          const t = verifyLoginTicket(secret, typeof credentials?.ticket === "string" ? credentials.ticket : null);
          if (!t) return null;
          return { id: String(t.employeeId), provider: t.provider } as { id: string; provider: string };
        },
      }),
    ],
  };
});
