// A simulated DingTalk Stream gateway on a local port (tests, demo): POST /v1.0/gateway/connections/open answers
// {endpoint, ticket}; the WebSocket at `endpoint` pushes EVENT frames shaped like DingTalk's and resolves each
// push with the client's ack ({status: SUCCESS|LATER}). An unacked event can be pushed again (redelivery).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { WebSocket, WebSocketServer } from "ws";

export interface SimStreamEvent {
  eventType: string;
  eventId: string;
  corpId: string;
  data: Record<string, unknown>;
}

export interface SimStreamGateway {
  apiBase: string;
  connections(): number;
  /** Push an event to one connected client; resolves with its ack status, or "timeout". */
  push(e: SimStreamEvent, timeoutMs?: number): Promise<"SUCCESS" | "LATER" | "timeout">;
  close(): Promise<void>;
}

export async function startSimStreamGateway(opts: { port?: number; clientId: string; clientSecret: string }): Promise<SimStreamGateway> {
  const tickets = new Set<string>();
  const pending = new Map<string, (status: "SUCCESS" | "LATER") => void>();
  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/v1.0/gateway/connections/open") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        let j: { clientId?: string; clientSecret?: string } = {};
        try {
          j = JSON.parse(body);
        } catch {
          /* refused below */
        }
        if (j.clientId !== opts.clientId || j.clientSecret !== opts.clientSecret) {
          res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: "invalidClientIdOrSecret" }));
          return;
        }
        const ticket = randomUUID();
        tickets.add(ticket);
        const addr = server.address() as { port: number };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ endpoint: `ws://127.0.0.1:${addr.port}/connect`, ticket }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const u = new URL(req.url ?? "/", "http://x");
    const ticket = u.searchParams.get("ticket") ?? "";
    if (u.pathname !== "/connect" || !tickets.delete(ticket)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (raw) => {
        try {
          const m = JSON.parse(String(raw)) as { headers?: { messageId?: string }; data?: string };
          const id = m.headers?.messageId;
          if (id && pending.has(id)) {
            const status = (JSON.parse(m.data ?? "{}") as { status?: string }).status === "SUCCESS" ? "SUCCESS" : "LATER";
            pending.get(id)!(status);
            pending.delete(id);
          }
        } catch {
          /* ignore malformed frames */
        }
      });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    apiBase: `http://127.0.0.1:${port}`,
    connections: () => [...wss.clients].filter((c) => c.readyState === WebSocket.OPEN).length,
    push(e, timeoutMs = 5000) {
      const client = [...wss.clients].find((c) => c.readyState === WebSocket.OPEN);
      if (!client) return Promise.resolve("timeout");
      const messageId = randomUUID();
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          pending.delete(messageId);
          resolve("timeout");
        }, timeoutMs);
        pending.set(messageId, (s) => {
          clearTimeout(t);
          resolve(s);
        });
        client.send(
          JSON.stringify({
            specVersion: "1.0",
            type: "EVENT",
            headers: {
              appId: opts.clientId,
              connectionId: "sim",
              contentType: "application/json",
              messageId,
              time: String(Date.now()),
              topic: "*",
              eventType: e.eventType,
              eventBornTime: String(Date.now()),
              eventId: e.eventId,
              eventCorpId: e.corpId,
              eventUnifiedAppId: opts.clientId,
            },
            data: JSON.stringify(e.data),
          }),
        );
      });
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
