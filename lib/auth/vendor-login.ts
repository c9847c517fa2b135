// The vendor side of sign-in: code → vendor user → profile, per ../shared/vendors/{wecom,dingtalk}.md, through
// the shared vendor clients (token cache in vendor_tokens, retries, rate limits). Vendor errors become refusals.
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { isKnownVendorAccount } from "@/lib/identity/ledger";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { VendorError } from "@/lib/vendors/http";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { LoginRefusal } from "./refusal";

export interface VendorUser {
  provider: "wecom" | "dingtalk";
  corpId: string;
  externalId: string;
  unionId?: string;
  name?: string;
  employeeNo?: string;
  mobile?: string;
  email?: string;
}

/** Map a vendor failure to a refusal: a code the vendor refused vs. the vendor being unavailable (our side). */
function refusalOf(e: unknown, codeInvalid: (e: VendorError) => boolean): never {
  if (e instanceof LoginRefusal) throw e;
  if (e instanceof VendorError) {
    if (codeInvalid(e)) throw new LoginRefusal("code_invalid", `${e.vendor} ${e.api} ${String(e.code ?? e.status ?? "")}`);
    throw new LoginRefusal("vendor_unavailable", `${e.vendor} ${e.api} ${e.kind} ${String(e.code ?? "")}`);
  }
  throw e;
}

const EMPLOYEE_NO_ATTRS = new Set(["工号", "employee_no", "EmployeeNo", "job_number"]);

/** In-app OAuth and PC SSO code → member (/cgi-bin/auth/getuserinfo; 40029 = invalid, reused or expired code). */
export async function wecomUserFromCode(db: Db, code: string): Promise<VendorUser> {
  const client = wecomClient(db);
  let info: Record<string, unknown>;
  try {
    info = await client.call("/cgi-bin/auth/getuserinfo", { code });
  } catch (e) {
    refusalOf(e, (v) => v.code === 40029);
  }
  const r = z.looseObject({ userid: z.string().optional(), UserId: z.string().optional(), user_ticket: z.string().optional() }).parse(info);
  const userid = r.userid ?? r.UserId; // tolerate the legacy casing (wecom.md §2.3)
  if (!userid) throw new LoginRefusal("not_member", "wecom non-member (openid only)");
  const user: VendorUser = { provider: "wecom", corpId: client.config.corpId, externalId: userid };
  // A returning user is resolved by the ledger's link alone: no profile call (isKnownVendorAccount).
  if (await isKnownVendorAccount(db, user)) return user;
  // Profile for first-seen matching; a failure here only means fewer keys to match on.
  try {
    const p = await client.getUser(userid);
    user.name = p.name;
    user.mobile = p.mobile || undefined;
    user.email = p.email || p.biz_mail || undefined;
    const attr = p.extattr?.attrs.find((a) => EMPLOYEE_NO_ATTRS.has(a.name));
    user.employeeNo = attr?.text?.value || attr?.value || undefined;
  } catch (e) {
    if (!(e instanceof VendorError)) throw e;
  }
  // snsapi_privateinfo: the user_ticket unlocks mobile/email the app may not read otherwise (wecom.md §2.4).
  if (r.user_ticket) {
    try {
      const d = z
        .looseObject({ mobile: z.string().optional(), email: z.string().optional(), biz_mail: z.string().optional() })
        .parse(await client.call("/cgi-bin/auth/getuserdetail", {}, { user_ticket: r.user_ticket }));
      user.mobile = d.mobile || user.mobile;
      user.email = d.email || d.biz_mail || user.email;
    } catch (e) {
      if (!(e instanceof VendorError)) throw e;
    }
  }
  return user;
}

async function dingtalkProfile(db: Db, user: VendorUser): Promise<VendorUser> {
  // A returning user is resolved by the ledger's link alone: no profile call (isKnownVendorAccount).
  if (await isKnownVendorAccount(db, user)) return user;
  try {
    const p = await dingtalkClient(db).getUser(user.externalId);
    return {
      ...user,
      name: p.name ?? user.name,
      unionId: p.unionid || user.unionId,
      employeeNo: p.job_number || undefined,
      mobile: p.mobile || user.mobile,
      email: p.email || p.org_email || user.email,
    };
  } catch (e) {
    if (!(e instanceof VendorError)) throw e;
    return user;
  }
}

/** In-app authCode → /topapi/v2/user/getuserinfo (dingtalk.md §2); 40078 = reused or expired code. */
export async function dingtalkUserFromInappCode(db: Db, code: string): Promise<VendorUser> {
  const client = dingtalkClient(db);
  let u: { userid: string; unionid?: string; name?: string };
  try {
    u = await client.userByAuthCode(code);
  } catch (e) {
    refusalOf(e, (v) => v.code === 40078);
  }
  return dingtalkProfile(db, { provider: "dingtalk", corpId: client.config.corpId, externalId: u.userid, unionId: u.unionid, name: u.name });
}

/** PC OAuth: authCode → userAccessToken → contact/users/me → unionId → getbyunionid (dingtalk.md §3). */
export async function dingtalkUserFromOAuthCode(db: Db, authCode: string): Promise<VendorUser> {
  const client = dingtalkClient(db);
  let token: string;
  try {
    token = (await client.userAccessToken(authCode)).accessToken;
  } catch (e) {
    // A refused authCode is a 4xx answer from /v1.0/oauth2/userAccessToken.
    refusalOf(e, (v) => v.kind === "api" && (v.status ?? 0) >= 400 && (v.status ?? 0) < 500);
  }
  let me: { unionId: string; nick: string; mobile?: string; email?: string };
  let userid: string | null;
  try {
    me = await client.me(token);
    userid = await client.userIdByUnionId(me.unionId); // null: 60121 or an external contact
  } catch (e) {
    refusalOf(e, () => false);
  }
  if (!userid) throw new LoginRefusal("not_member", "dingtalk getbyunionid: not a member of this organisation");
  const user = await dingtalkProfile(db, { provider: "dingtalk", corpId: client.config.corpId, externalId: userid, unionId: me.unionId, name: me.nick });
  return { ...user, mobile: user.mobile ?? (me.mobile || undefined), email: user.email ?? (me.email || undefined) };
}
