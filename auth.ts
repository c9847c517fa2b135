// Auth.js (next-auth 5.0.0-beta.32). Lazy config: the secret may come from the database (app_settings
// "auth_secret", generated at first start) unless AUTH_SECRET is configured, which always wins.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { appUrl } from "@/lib/env";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { verifyLoginTicket } from "@/lib/auth/ticket";

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const secret = await resolveAuthSecret();
  return {
    ...authConfig,
    secret,
    useSecureCookies: appUrl().startsWith("https://"),
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
