// A simulated DingTalk Stream gateway on a local port (demo, tests, e2e). Protocol: open-dingtalk developerpedia
// "协议描述" https://open-dingtalk.github.io/developerpedia/docs/learn/stream/protocol (mirrors open.dingtalk.com
// /document/direction/stream-mode-protocol-access-description):
//  - POST /v1.0/gateway/connections/open {clientId, clientSecret, subscriptions, ua} → {endpoint, ticket}; the ticket
//    is valid for 90 s and opens one connection only.
//  - GET <endpoint>?ticket=… upgrades to a WebSocket; the gateway pushes EVENT frames {specVersion, type, headers
//    {topic, messageId, contentType, time, eventType, eventId, eventCorpId, eventBornTime, eventUnifiedAppId}, data}.
//  - The client acks with {code:200, headers:{messageId, contentType}, message, data:"{\"status\":\"SUCCESS|LATER\"}"}.
//    Event pushes are "relatively reliable": an event without a SUCCESS ack is pushed again after a timeout (the
//    official Node SDK, dingtalk-stream@2.1.5 client.mjs socketCallBackResponse, says "会在一定时间内(60s)重试推消息");
//    a LATER ack means "consume failed" and is retried too. A retry may be a duplicate: the client dedupes on eventId.
//  - SYSTEM frames: topic "ping" (answered with the same opaque data) and "disconnect" {reason}: the server closes the
//    TCP connection after 10 s of silence; the client reconnects with a fresh ticket.
//  - With several connections, each push goes to one connection chosen at random.
// The simulator's choices: a retry keeps the messageId (an ack of any attempt settles the event); unacked events
// wait for a connection and are flushed to the next one that opens; with `stateFile` the unacked queue survives a
// restart of the process hosting the gateway (the real gateway is not in our process).
import fs from "node:fs";
import http from "node:http";
import { randomUUID } from "node:crypto";
import { WebSocket, WebSocketServer } from "ws";

export interface SimStreamEvent {
  eventType: string;
  eventId: string;
  corpId: string;
  data: Record<string, unknown>;
}

export type SimStreamAckStatus = "SUCCESS" | "LATER";

export interface SimStreamAck {
  messageId: string;
  eventId: string;
  status: SimStreamAckStatus | "dropped";
  attempt: number;
  at: string;
}

export interface SimStreamPending {
  messageId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  inFlight: boolean;
}

export interface SimStreamGateway {
  apiBase: string;
  /** The connection-open call (also answered by the app's simulated api.dingtalk.com). */
  openConnection(body: unknown): { status: number; body: Record<string, unknown> };
  connections(): number;
  /** Queue an event for delivery (retried until a SUCCESS ack); returns its messageId. */
  enqueue(e: SimStreamEvent): string;
  /** Push an event and wait for the client's first ack of it: SUCCESS, LATER (retried later), or "timeout". */
  push(e: SimStreamEvent, timeoutMs?: number): Promise<SimStreamAckStatus | "timeout">;
  /** Wait for the first ack of a queued message. */
  waitForAck(messageId: string, timeoutMs?: number): Promise<SimStreamAckStatus | "timeout">;
  pending(): SimStreamPending[];
  acks(): SimStreamAck[];
  /** Fault: the next `n` acks are lost on the way (the event stays unacked and is retried). */
  dropAcks(n: number): void;
  /** SYSTEM disconnect to every connection, then close them after `graceMs` (DingTalk: 10 s). */
  disconnect(reason?: string, graceMs?: number): void;
  /** Drop every connection at once (network failure). */
  terminate(): void;
  setRedeliverAfter(ms: number): void;
  settings(): { redeliverAfterMs: number; droppingAcks: number };
  close(): Promise<void>;
}

export interface SimStreamGatewayOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Retry an event that got no SUCCESS ack after this long (default 60 s, as the SDK documents). */
  redeliverAfterMs?: number;
  /** Keep the unacked queue in this JSON file (survives a restart of the hosting process). */
  stateFile?: string;
}

const TICKET_TTL_MS = 90_000;
const ACK_LOG = 500;

interface Entry {
  messageId: string;
  event: SimStreamEvent;
  attempts: number;
  deliveredTo: WebSocket | null;
  timer: NodeJS.Timeout | null;
}

export async function startSimStreamGateway(opts: SimStreamGatewayOptions): Promise<SimStreamGateway> {
  const host = opts.host ?? "127.0.0.1";
  let redeliverAfterMs = opts.redeliverAfterMs ?? 60_000;
  let droppingAcks = 0;
  let closed = false;
  const tickets = new Map<string, number>(); // ticket → expiry
  const queue = new Map<string, Entry>(); // unacked, by messageId
  const ackLog: SimStreamAck[] = [];
  const waiters = new Map<string, Array<(s: SimStreamAckStatus) => void>>();

  const save = () => {
    if (!opts.stateFile) return;
    const items = [...queue.values()].map((e) => ({ messageId: e.messageId, event: e.event, attempts: e.attempts }));
    try {
      fs.writeFileSync(opts.stateFile, JSON.stringify(items));
    } catch {
      /* the simulator's memory only; a failed write loses nothing the test relies on */
    }
  };
  if (opts.stateFile && fs.existsSync(opts.stateFile)) {
    try {
      const items = JSON.parse(fs.readFileSync(opts.stateFile, "utf8")) as Array<{ messageId: string; event: SimStreamEvent; attempts: number }>;
      for (const it of items) queue.set(it.messageId, { messageId: it.messageId, event: it.event, attempts: it.attempts, deliveredTo: null, timer: null });
    } catch {
      /* unreadable: start empty */
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/v1.0/gateway/connections/open") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        let j: unknown = {};
        try {
          j = JSON.parse(body);
        } catch {
          /* refused below */
        }
        const r = gw.openConnection(j);
        res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body));
      });
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  const open = () => [...wss.clients].filter((c) => c.readyState === WebSocket.OPEN);

  function frame(e: Entry) {
    const now = String(Date.now());
    return JSON.stringify({
      specVersion: "1.0",
      type: "EVENT",
      headers: {
        appId: opts.clientId,
        connectionId: "sim",
        contentType: "application/json",
        messageId: e.messageId,
        time: now,
        topic: "*",
        eventType: e.event.eventType,
        eventBornTime: now,
        eventId: e.event.eventId,
        eventCorpId: e.event.corpId,
        eventUnifiedAppId: opts.clientId,
      },
      data: JSON.stringify(e.event.data),
    });
  }

  function schedule(e: Entry) {
    if (e.timer) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      e.timer = null;
      if (queue.has(e.messageId)) deliver(e);
    }, redeliverAfterMs);
    e.timer.unref?.();
  }

  function deliver(e: Entry) {
    if (closed) return;
    const conns = open();
    if (conns.length === 0) {
      e.deliveredTo = null; // waits for the next connection
      return;
    }
    const ws = conns[Math.floor(Math.random() * conns.length)];
    e.attempts++;
    e.deliveredTo = ws;
    ws.send(frame(e));
    schedule(e);
    save();
  }

  function onAck(messageId: string, status: SimStreamAckStatus) {
    const e = queue.get(messageId);
    if (!e) return; // a late ack of an event already settled, or a ping answer
    if (droppingAcks > 0) {
      droppingAcks--;
      record({ messageId, eventId: e.event.eventId, status: "dropped", attempt: e.attempts, at: new Date().toISOString() });
      return;
    }
    record({ messageId, eventId: e.event.eventId, status, attempt: e.attempts, at: new Date().toISOString() });
    if (status === "SUCCESS") {
      if (e.timer) clearTimeout(e.timer);
      queue.delete(messageId);
      save();
    } // LATER: stays queued; the timer set at delivery pushes it again
    const ws = waiters.get(messageId);
    waiters.delete(messageId);
    for (const w of ws ?? []) w(status);
  }

  function record(a: SimStreamAck) {
    ackLog.push(a);
    if (ackLog.length > ACK_LOG) ackLog.splice(0, ackLog.length - ACK_LOG);
  }

  server.on("upgrade", (req, socket, head) => {
    const u = new URL(req.url ?? "/", "http://x");
    const ticket = u.searchParams.get("ticket") ?? "";
    const exp = tickets.get(ticket);
    tickets.delete(ticket); // single use
    if (u.pathname !== "/connect" || !exp || exp < Date.now() || closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (raw) => {
        try {
          const m = JSON.parse(String(raw)) as { headers?: { messageId?: string }; data?: string };
          const id = m.headers?.messageId;
          if (!id) return;
          const status = (JSON.parse(m.data ?? "{}") as { status?: string }).status === "SUCCESS" ? "SUCCESS" : "LATER";
          onAck(id, status);
        } catch {
          /* ignore malformed frames */
        }
      });
      ws.on("close", () => {
        for (const e of queue.values()) if (e.deliveredTo === ws) e.deliveredTo = null;
      });
      // Flush what waits for a connection (queued while none was open, or sent on a connection that died).
      for (const e of queue.values()) if (e.deliveredTo === null || e.deliveredTo.readyState !== WebSocket.OPEN) deliver(e);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  const waitForAck = (messageId: string, timeoutMs = 5000) =>
    new Promise<SimStreamAckStatus | "timeout">((resolve) => {
      const t = setTimeout(() => {
        const list = waiters.get(messageId)?.filter((f) => f !== done);
        if (list?.length) waiters.set(messageId, list);
        else waiters.delete(messageId);
        resolve("timeout");
      }, timeoutMs);
      const done = (s: SimStreamAckStatus) => {
        clearTimeout(t);
        resolve(s);
      };
      waiters.set(messageId, [...(waiters.get(messageId) ?? []), done]);
    });

  const gw: SimStreamGateway = {
    apiBase: `http://${host}:${port}`,
    openConnection(body) {
      const j = (body && typeof body === "object" ? body : {}) as { clientId?: unknown; clientSecret?: unknown };
      if (j.clientId !== opts.clientId || j.clientSecret !== opts.clientSecret) {
        return { status: 401, body: { code: "invalidClientIdOrSecret", message: "无效的clientId或clientSecret" } };
      }
      const now = Date.now();
      for (const [t, exp] of tickets) if (exp < now) tickets.delete(t);
      const ticket = randomUUID();
      tickets.set(ticket, now + TICKET_TTL_MS);
      return { status: 200, body: { endpoint: `ws://${host}:${port}/connect`, ticket } };
    },
    connections: () => open().length,
    enqueue(event) {
      const e: Entry = { messageId: randomUUID(), event, attempts: 0, deliveredTo: null, timer: null };
      queue.set(e.messageId, e);
      save();
      deliver(e);
      return e.messageId;
    },
    push(event, timeoutMs = 5000) {
      if (open().length === 0) return Promise.resolve("timeout");
      const id = gw.enqueue(event);
      return waitForAck(id, timeoutMs);
    },
    waitForAck,
    pending: () =>
      [...queue.values()].map((e) => ({
        messageId: e.messageId,
        eventId: e.event.eventId,
        eventType: e.event.eventType,
        attempts: e.attempts,
        inFlight: e.deliveredTo !== null && e.deliveredTo.readyState === WebSocket.OPEN,
      })),
    acks: () => [...ackLog],
    dropAcks(n) {
      droppingAcks = Math.max(0, Math.floor(n));
    },
    disconnect(reason = "connection is expired", graceMs = 10_000) {
      for (const ws of open()) {
        ws.send(JSON.stringify({ specVersion: "1.0", type: "SYSTEM", headers: { topic: "disconnect", contentType: "application/json", messageId: randomUUID(), time: String(Date.now()) }, data: JSON.stringify({ reason }) }));
        setTimeout(() => ws.terminate(), graceMs).unref?.();
      }
    },
    terminate() {
      for (const ws of wss.clients) ws.terminate();
    },
    setRedeliverAfter(ms) {
      redeliverAfterMs = Math.max(100, Math.floor(ms));
    },
    settings: () => ({ redeliverAfterMs, droppingAcks }),
    async close() {
      closed = true;
      for (const e of queue.values()) if (e.timer) clearTimeout(e.timer);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return gw;
}
