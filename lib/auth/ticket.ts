// The ticket our vendor callback routes hand to Auth.js's Credentials provider after the ledger matched an
// active employee. Signed, one minute, never shown to the browser (signIn() posts it server-side).
import { seal, unseal } from "./signed";

export interface LoginTicket {
  employeeId: number;
  provider: "wecom" | "dingtalk";
  reference: string;
  exp: number;
}

export function makeLoginTicket(secret: string, t: Omit<LoginTicket, "exp">, now = Date.now()): string {
  return seal(secret, "login-ticket", { ...t, exp: now + 60_000 });
}

export function verifyLoginTicket(secret: string, token: string | null, now = Date.now()): LoginTicket | null {
  const t = unseal<LoginTicket>(secret, "login-ticket", token, now);
  if (!t || !Number.isInteger(t.employeeId) || (t.provider !== "wecom" && t.provider !== "dingtalk")) return null;
  return t;
}
