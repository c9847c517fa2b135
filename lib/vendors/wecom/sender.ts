// Sends WeCom callbacks signed and encrypted exactly as WeCom does (simulator, tests, fuzz, load).
import { randomBytes } from "node:crypto";
import { wecomEncrypt, wecomSignature } from "./crypto";

export interface WecomCallbackKeys {
  token: string;
  aesKey: string;
  corpId: string;
  agentId?: string;
}

export interface SignedRequest {
  method: "GET" | "POST";
  /** path + query, e.g. "/api/callbacks/wecom?msg_signature=…" */
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string;
}

function xmlEscapeCdata(v: string): string {
  return v.replaceAll("]]>", "]]]]><![CDATA[>");
}

/** Build a plaintext WeCom event/message XML from flat fields (values go into CDATA). */
export function wecomPlainXml(fields: Record<string, string | number>): string {
  const parts = Object.entries(fields).map(([k, v]) =>
    typeof v === "number" ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${xmlEscapeCdata(v)}]]></${k}>`,
  );
  return `<xml>${parts.join("")}</xml>`;
}

export function wecomSignedPost(
  keys: WecomCallbackKeys,
  plaintextXml: string,
  opts: { timestamp?: string; nonce?: string; path?: string; random?: Buffer } = {},
): SignedRequest {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? String(randomBytes(5).readUInt32BE(0));
  const encrypt = wecomEncrypt(keys.aesKey, plaintextXml, keys.corpId, opts.random ?? Buffer.from(randomBytes(8).toString("hex"), "latin1"));
  const sig = wecomSignature(keys.token, timestamp, nonce, encrypt);
  const agent = keys.agentId ? `<AgentID><![CDATA[${keys.agentId}]]></AgentID>` : "";
  const body = `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt>${agent}</xml>`;
  const q = new URLSearchParams({ msg_signature: sig, timestamp, nonce });
  return {
    method: "POST",
    pathAndQuery: `${opts.path ?? "/api/callbacks/wecom"}?${q}`,
    headers: { "content-type": "text/xml" },
    body,
  };
}

export function wecomSignedVerify(
  keys: WecomCallbackKeys,
  echo: string,
  opts: { timestamp?: string; nonce?: string; path?: string } = {},
): SignedRequest {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const echostr = wecomEncrypt(keys.aesKey, echo, keys.corpId, Buffer.from(randomBytes(8).toString("hex"), "latin1"));
  const q = new URLSearchParams({ msg_signature: wecomSignature(keys.token, timestamp, nonce, echostr), timestamp, nonce, echostr });
  return { method: "GET", pathAndQuery: `${opts.path ?? "/api/callbacks/wecom"}?${q}`, headers: {} };
}

/** A text message from a member (dedupe key: MsgId). */
export function wecomTextMessage(corpId: string, from: string, msgId: string, content: string, createTime?: number): string {
  return wecomPlainXml({
    ToUserName: corpId,
    FromUserName: from,
    CreateTime: createTime ?? Math.floor(Date.now() / 1000),
    MsgType: "text",
    Content: content,
    MsgId: msgId,
    AgentID: 1000002,
  });
}

/** A contact-change event (dedupe key: FromUserName + CreateTime + Event + ChangeType + ids). */
export function wecomContactEvent(corpId: string, changeType: string, fields: Record<string, string>, createTime?: number): string {
  return wecomPlainXml({
    ToUserName: corpId,
    FromUserName: "sys",
    CreateTime: createTime ?? Math.floor(Date.now() / 1000),
    MsgType: "event",
    Event: "change_contact",
    ChangeType: changeType,
    ...fields,
  });
}
