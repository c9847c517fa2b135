// Simulated qyapi.weixin.qq.com: the paths, shapes, paging, limits and error codes of wecom.md §1, §2.3, §5.3,
// §5.4, §6, §7. Every answer is HTTP 200 with {errcode, errmsg} like the real API (except injected 5xx/timeouts).
import { SIM, wecomConfig } from "@/lib/vendors/config";
import { wecomAddCheckinRecord, wecomCheckinData, wecomDayData } from "./attendance";
import { applyFault, json, readJson, stalled } from "./common";
import { isLeader, membersOf, subtreeOf, type SimUser, type VendorDirectory } from "./directory";
import { handleWecomApprovalApi } from "./native-approvals";
import { punchCorrection, templateCardProblem, templateCardSent, updateTemplateCard } from "./wecom-cards";
import { handleWecomMeetingApi } from "./wecom-meeting";
import {
  appToken,
  checkToken,
  consumeCode,
  countCall,
  countRateLimited,
  recordMessage,
  simState,
  ticketFor,
  withinRate,
} from "./state";

/** Per corp per cgi: 10,000 calls/min (wecom.md §7, doc path/90454). */
export const WECOM_PER_API_PER_MIN = 10_000;
/** Tickets: 400/h per corp (get_jsapi_ticket) and 100/h per app (agent_config) (wecom.md §6). */
const TICKET_LIMITS: Record<string, number> = { "/cgi-bin/get_jsapi_ticket": 400, "/cgi-bin/ticket/get": 100 };
/** Check-in APIs have their own per-minute limits (wecom.md §7): getcheckindata 600/min, getcheckin_daydata 100/min. */
// add_checkin_record publishes no limit (attendance-approvals.md §3.1): held to punch_correction's 600/min.
export const WECOM_CHECKIN_LIMITS: Record<string, number> = { "/cgi-bin/checkin/getcheckindata": 600, "/cgi-bin/checkin/getcheckin_daydata": 100, "/cgi-bin/checkin/add_checkin_record": 600 };

const err = (errcode: number, errmsg: string) =>
  json({ errcode, errmsg: `${errmsg}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` });

const ok = (body: Record<string, unknown> = {}) => json({ errcode: 0, errmsg: "ok", ...body });

function dir(): VendorDirectory {
  return simState().directory.wecom;
}

function userDetail(d: VendorDirectory, u: SimUser) {
  return {
    userid: u.userid,
    name: u.name,
    department: u.departments,
    order: u.departments.map(() => 0),
    position: u.title,
    mobile: u.mobile,
    gender: "0",
    email: u.email,
    biz_mail: "",
    is_leader_in_dept: u.departments.map((id) => (isLeader(d, id, u.userid) ? 1 : 0)),
    direct_leader: [],
    avatar: "",
    thumb_avatar: "",
    telephone: "",
    alias: "",
    address: "",
    open_userid: `wo${u.userid}`,
    main_department: u.departments[0],
    extattr: { attrs: [{ type: 0, name: "工号", value: u.jobNumber, text: { value: u.jobNumber } }] },
    status: u.status,
    qr_code: "",
    external_position: "",
  };
}

function deptOut(d: VendorDirectory, id: number) {
  const x = d.depts.get(id)!;
  return { id: x.id, name: x.name, name_en: x.nameEn, department_leader: [...x.leaders], parentid: x.parentId, order: x.order };
}

export async function handleWecomApi(req: Request, path: string): Promise<Response> {
  const url = new URL(req.url);
  const q = url.searchParams;
  const api = path.startsWith("/") ? path : `/${path}`;
  countCall(`wecom:${api}`);

  const faulted = await applyFault("wecom", api, req, { deliverThenStall: api === "/cgi-bin/message/send" });
  if (faulted && "response" in faulted) return faulted.response;
  if (faulted?.fault.kind === "rate_limit") {
    countRateLimited(`wecom:${api}`);
    return err(45009, "api freq out of limit");
  }
  if (faulted?.fault.kind === "busy") return err(-1, "system busy");
  const emptyDirectory = faulted?.fault.kind === "empty_directory";

  if (api === "/cgi-bin/gettoken") {
    const cfg = wecomConfig();
    const corpid = q.get("corpid") ?? "";
    const secret = q.get("corpsecret") ?? "";
    if (corpid !== cfg.corpId) return err(40013, "invalid corpid");
    if (secret !== cfg.secret && secret !== SIM.wecom.secret) return err(40001, "invalid credential");
    const t = appToken("wecom", `${corpid}:${secret}`);
    return ok({ access_token: t.token, expires_in: t.expiresIn });
  }

  // Everything else needs a valid app token.
  const check = checkToken("wecom", q.get("access_token"));
  if (faulted?.fault.kind === "expired_token") return err(42001, "access_token expired");
  if (!check.ok) {
    if (check.reason === "missing") return err(41001, "access_token missing");
    if (check.reason === "expired") return err(42001, "access_token expired");
    return err(40014, "invalid access_token");
  }

  const limit = TICKET_LIMITS[api];
  const perMinute = WECOM_CHECKIN_LIMITS[api] ?? WECOM_PER_API_PER_MIN;
  const allowed = limit ? withinRate(`wecom:${api}`, limit, 3_600_000) : withinRate(`wecom:${api}`, perMinute, 60_000);
  if (!allowed) {
    countRateLimited(`wecom:${api}`);
    return err(45009, "api freq out of limit");
  }

  const d = dir();
  if (emptyDirectory && (api === "/cgi-bin/department/list" || api === "/cgi-bin/department/simplelist")) return ok(api.endsWith("simplelist") ? { department_id: [] } : { department: [] });
  if (emptyDirectory && (api === "/cgi-bin/user/list" || api === "/cgi-bin/user/simplelist")) return ok({ userlist: [] });
  switch (api) {
    case "/cgi-bin/auth/getuserinfo": {
      const c = consumeCode("wecom", q.get("code") ?? "", ["oauth", "sso"]);
      if (!c) return err(40029, "invalid code");
      const u = d.users.get(c.userId);
      if (!u || u.status !== 1) return ok({ openid: `o${c.userId}` }); // non-member shape (wecom.md §2.3)
      return ok({ userid: u.userid });
    }
    case "/cgi-bin/user/getuserinfo": {
      // Legacy endpoint: note the casing (UserId, DeviceId), wecom.md §2.3 "Pitfall: key casing".
      const c = consumeCode("wecom", q.get("code") ?? "", ["oauth", "sso"]);
      if (!c) return err(40029, "invalid code");
      return ok({ UserId: c.userId, DeviceId: "" });
    }
    case "/cgi-bin/user/get": {
      const u = d.users.get(q.get("userid") ?? "");
      if (!u) return err(60111, "userid not found");
      return ok(userDetail(d, u));
    }
    case "/cgi-bin/department/list":
    case "/cgi-bin/department/simplelist": {
      const idParam = q.get("id");
      const rootId = idParam ? Number(idParam) : [...d.depts.values()].find((x) => x.parentId === 0)?.id ?? 1;
      if (!d.depts.has(rootId)) return err(60123, "invalid party id");
      const tree = subtreeOf(d, rootId);
      if (api === "/cgi-bin/department/list") return ok({ department: tree.map((x) => deptOut(d, x.id)) });
      return ok({ department_id: tree.map((x) => ({ id: x.id, parentid: x.parentId, order: x.order })) });
    }
    case "/cgi-bin/department/get": {
      const id = Number(q.get("id"));
      if (!d.depts.has(id)) return err(60123, "invalid party id");
      return ok({ department: deptOut(d, id) });
    }
    case "/cgi-bin/user/simplelist":
    case "/cgi-bin/user/list": {
      const id = Number(q.get("department_id"));
      if (!d.depts.has(id)) return err(60123, "invalid party id");
      const members = membersOf(d, id);
      if (api === "/cgi-bin/user/simplelist") {
        return ok({ userlist: members.map((u) => ({ userid: u.userid, name: u.name, department: u.departments, open_userid: `wo${u.userid}` })) });
      }
      return ok({ userlist: members.map((u) => userDetail(d, u)) });
    }
    case "/cgi-bin/user/list_id": {
      if (req.method !== "POST") return err(43002, "require POST method");
      const body = await readJson(req);
      const limit = body.limit === undefined ? 1000 : Number(body.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return err(40058, "limit must be 1..10000");
      const cursor = typeof body.cursor === "string" && body.cursor ? Number.parseInt(Buffer.from(body.cursor, "base64url").toString(), 10) : 0;
      if (!Number.isFinite(cursor) || cursor < 0) return err(40058, "invalid cursor");
      const rows: { userid: string; department: number }[] = [];
      for (const u of d.users.values()) for (const dep of u.departments) rows.push({ userid: u.userid, department: dep });
      const page = rows.slice(cursor, cursor + limit);
      const next = cursor + limit < rows.length ? Buffer.from(String(cursor + limit)).toString("base64url") : "";
      return ok({ next_cursor: next, dept_user: page });
    }
    case "/cgi-bin/message/send": {
      if (req.method !== "POST") return err(43002, "require POST method");
      const raw = await req.text();
      const body = (() => {
        try {
          const v = JSON.parse(raw) as unknown;
          return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
        } catch {
          return {};
        }
      })();
      const msgtype = String(body.msgtype ?? "");
      if (!msgtype || !(msgtype in body)) return err(40008, "invalid message type");
      if (String(body.agentid ?? "") !== wecomConfig().agentId) return err(40056, "invalid agentid");
      const touser = String(body.touser ?? "");
      const ids = touser === "@all" ? [...d.users.keys()] : touser.split("|").filter(Boolean);
      if (ids.length > 1000) return err(40058, "touser exceeds 1000");
      const valid = ids.filter((id) => d.users.get(id)?.status === 1);
      const invalid = ids.filter((id) => !valid.includes(id));
      if (valid.length === 0 && !body.toparty && !body.totag) return err(81013, "user & party & tag all invalid");
      // 重复消息检查: the same request JSON within duplicate_check_interval (default 1800 s, ≤ 4 h) is not delivered again
      const interval = Math.min(Number(body.duplicate_check_interval ?? 1800), 4 * 3600) * 1000;
      const seen = body.enable_duplicate_check === 1 ? simState().wecomSent.get(raw) : undefined;
      const cardProblem = msgtype === "template_card" ? templateCardProblem(body, seen && Date.now() - seen.at < interval ? seen.msgid : null) : null;
      if (cardProblem) return err(40058, cardProblem);
      const msgid = seen && Date.now() - seen.at < interval ? seen.msgid : recordMessage({ vendor: "wecom", api, to: valid, msgtype, body }).id;
      if (body.enable_duplicate_check === 1 && !(seen && Date.now() - seen.at < interval)) simState().wecomSent.set(raw, { at: Date.now(), msgid });
      const card = msgtype === "template_card" ? templateCardSent(body, msgid, valid) : {};
      const answer = ok({ invaliduser: invalid.map((x) => x.toLowerCase()).join("|"), invalidparty: "", invalidtag: "", unlicenseduser: "", msgid, ...card });
      return faulted && "fault" in faulted && faulted.fault.kind === "timeout" ? stalled(faulted.fault, req) : answer;
    }
    case "/cgi-bin/get_jsapi_ticket": {
      const t = ticketFor("wecom:corp");
      return ok({ ticket: t.ticket, expires_in: t.expiresIn });
    }
    case "/cgi-bin/ticket/get": {
      if (q.get("type") !== "agent_config") return err(40058, "invalid type");
      const t = ticketFor(`wecom:agent:${wecomConfig().agentId}`);
      return ok({ ticket: t.ticket, expires_in: t.expiresIn });
    }
    case "/cgi-bin/checkin/getcheckindata":
    case "/cgi-bin/checkin/getcheckin_daydata": {
      if (req.method !== "POST") return err(43002, "require POST method");
      const body = await readJson(req);
      return json(api === "/cgi-bin/checkin/getcheckindata" ? wecomCheckinData(body) : wecomDayData(body));
    }
    case "/cgi-bin/checkin/add_checkin_record": {
      if (req.method !== "POST") return err(43002, "require POST method");
      return json(wecomAddCheckinRecord(await readJson(req), (id) => d.users.get(id)?.status === 1));
    }
    case "/cgi-bin/message/update_template_card":
    case "/cgi-bin/checkin/punch_correction": {
      if (req.method !== "POST") return err(43002, "require POST method");
      if (api === "/cgi-bin/checkin/punch_correction") return json(punchCorrection(await readJson(req), (id) => d.users.get(id)?.status === 1));
      const body = await readJson(req);
      if (String(body.agentid ?? "") !== wecomConfig().agentId) return err(40056, "invalid agentid");
      return json(updateTemplateCard(body));
    }
    case "/cgi-bin/meeting/get_attendee_list":
    case "/cgi-bin/meeting/get_info":
    case "/cgi-bin/meeting/set_invitees":
      return handleWecomMeetingApi(req, api);
    case "/cgi-bin/oa/getapprovalinfo":
    case "/cgi-bin/oa/getapprovaldetail": {
      // query parameters instead of a JSON body give 301025 (wecom.md §5.1)
      if (req.method !== "POST") return err(43002, "require POST method");
      return json(handleWecomApprovalApi(api, await readJson(req))!);
    }
    default:
      return err(60011, "api not supported by the simulator");
  }
}

