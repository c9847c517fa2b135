// DingTalk Stream mode (dingtalk.md §4.4: recommended for companies without a public URL), built on the official
// `dingtalk-stream` SDK (DWClient: gateway handshake, WebSocket, ping/keep-alive, reconnect). Two overrides:
//  - getEndpoint(): the SDK hard-codes https://api.dingtalk.com; we open the connection at the configured API base
//    (DINGTALK_API_BASE, or the local simulated gateway), same request body and response {endpoint, ticket}.
//  - onEvent(): the SDK acknowledges synchronously, before anything could be stored. We acknowledge only after
//    `onEvent` has resolved (the event is committed): SUCCESS then, LATER if storing failed — DingTalk redelivers.
//    The ack frame is the SDK's own: {code:200, headers:{contentType, messageId}, message:"OK", data:"{status}"}.
import { DWClient, EventAck, type DWClientDownStream } from "dingtalk-stream";

export type StreamDownstream = DWClientDownStream;

export interface DingtalkStreamOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string; // https://api.dingtalk.com (gateway: POST /v1.0/gateway/connections/open)
  /** Store the event; resolve only once it is durable. A rejection answers LATER. */
  onEvent: (msg: StreamDownstream) => Promise<void>;
  onError?: (err: unknown) => void;
}

class QiandaoStreamClient extends DWClient {
  constructor(private readonly opts: DingtalkStreamOptions) {
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, keepAlive: true });
  }

  override async getEndpoint(): Promise<this> {
    const cfg = this.getConfig();
    const res = await fetch(`${this.opts.apiBase.replace(/\/$/, "")}/v1.0/gateway/connections/open`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ clientId: cfg.clientId, clientSecret: cfg.clientSecret, ua: "qiandao", subscriptions: cfg.subscriptions }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string };
    if (!res.ok || !body.endpoint || !body.ticket) throw new Error(`stream gateway refused the connection (HTTP ${res.status})`);
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override onEvent(message: DWClientDownStream): void {
    const messageId = message.headers?.messageId;
    void this.opts
      .onEvent(message)
      .then(() => ({ status: EventAck.SUCCESS }))
      .catch((err) => {
        this.opts.onError?.(err);
        return { status: EventAck.LATER, message: "not stored yet" };
      })
      .then((ack) => {
        if (messageId) this.send(messageId, ack);
      });
  }
}

export interface DingtalkStreamHandle {
  connected(): boolean;
  close(): void;
}

export async function startDingtalkStream(opts: DingtalkStreamOptions): Promise<DingtalkStreamHandle> {
  const client = new QiandaoStreamClient(opts);
  await client.connect(); // the SDK retries on its own (autoReconnect)
  return {
    connected: () => client.connected,
    close: () => client.disconnect(),
  };
}
