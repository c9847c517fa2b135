// Auth.js (next-auth 5.0.0-beta.32). Lazy config: the secret may come from the database (app_settings
// "auth_secret", generated at first start) unless AUTH_SECRET is configured, which always wins.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { appUrl } from "@/lib/env";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { employees } from "@/db/schema";
import { revokeSession, sessionIdOf, sessionRevokedSql } from "@/lib/auth/revocation";
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
      // Every session read re-checks the employee and the session: a departed person's session, or one signed out
      // (by any holder of the cookie), is cleared at once. A token without a session id predates revocation: refused.
      async jwt(params) {
        const token = authConfig.callbacks.jwt(params);
        if (params.user || typeof token.employeeId !== "number") return token;
        const sid = sessionIdOf(token);
        if (!sid) return null;
        const db = await getDb();
        const [e] = await db
          .select({ status: employees.status, revoked: sessionRevokedSql(sid) })
          .from(employees)
          .where(eq(employees.id, token.employeeId));
        return e?.status === "active" && e.revoked !== true ? token : null;
      },
    },
    events: {
      // signOut() (our /login/signout page) and Auth.js's own POST /api/auth/signout both land here with the token.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const sid = sessionIdOf(token);
        if (!sid) return;
        const exp = typeof token?.exp === "number" ? new Date(token.exp * 1000) : undefined;
        await revokeSession(await getDb(), sid, { employeeId: typeof token?.employeeId === "number" ? token.employeeId : null, expiresAt: exp });
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
