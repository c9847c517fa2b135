// Auth.js configuration shared by auth.ts. Sessions are JWTs in an HttpOnly, SameSite=Lax cookie (Secure when
// APP_URL is https). The vendor exchanges (WeCom, DingTalk) run in our own start/callback routes, which check
// `state` themselves and resolve the identity ledger; they hand Auth.js a one-minute signed ticket through the
// Credentials provider "vendor" (ARCHITECTURE §5, second approach). Credentials forces JWT sessions.
import type { NextAuthConfig } from "next-auth";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export const authConfig = {
  pages: { signIn: "/login", signOut: "/login/signout", error: "/login/refused" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [], // added in auth.ts (the ticket check needs the secret)
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id?: string; provider?: string };
        token.employeeId = Number(u.id);
        token.provider = u.provider;
        // The session's id for its whole life (kept through every refresh of the JWT): sign-out revokes it
        // (lib/auth/revocation), so a copied cookie dies with its owner's sign-out.
        token.sid = crypto.randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      const s = session as typeof session & { employeeId?: number; provider?: string };
      s.employeeId = typeof token.employeeId === "number" ? token.employeeId : undefined;
      s.provider = typeof token.provider === "string" ? token.provider : undefined;
      return s;
    },
  },
} satisfies NextAuthConfig;
