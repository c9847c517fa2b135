// One polling Server-Sent Events stream for every live view (the attendance board, the meeting live view): a cheap
// version check every interval, the full event only when the version moved, a comment ping when nothing was said
// for a while, closed after a maximum duration (the browser's EventSource reconnects) or when the client goes away.
// A poll that throws sends `event: error` and ends the stream; the browser reconnects and the route starts over.
import "server-only";
import { log } from "@/lib/observability/log";

/** One Server-Sent Event: its name and its JSON data. */
export type LiveEvent = { event: string; data: unknown };
/** An event and the version it shows (remembered, so the next poll sends nothing unless it moved). */
export type LiveChange = LiveEvent & { version: string };

export type PollingEventStreamOptions = {
  /** The request's signal: aborted when the client disconnects. */
  signal: AbortSignal;
  /** The cheap check, run every `intervalMs`: the watched thing's version now. */
  poll: () => Promise<string>;
  /** Run only when `poll` returned a version other than the last one sent: the event to send. */
  change: (version: string) => Promise<LiveChange>;
  /** What the route already read: sent at once, and the first poll waits `intervalMs`. Without it the first poll runs at once. */
  initial?: LiveChange;
  intervalMs?: number;
  /** A `: ping` comment when nothing else was sent for this long (keeps proxies from timing the connection out). */
  heartbeatMs?: number;
  /** Close after this long; the EventSource reconnects (and the route checks the viewer again). */
  maxMs?: number;
  /** The reconnection delay the browser is told to use. */
  retryMs?: number;
};

export const EVENT_STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  "x-accel-buffering": "no", // nginx would otherwise hold the events back in its buffer
} as const;

const frame = (e: LiveEvent) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

/** A `text/event-stream` response that polls `poll` until the client leaves, `maxMs` passes or a poll throws. */
export function pollingEventStream(o: PollingEventStreamOptions): Response {
  const intervalMs = o.intervalMs ?? 1000;
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxMs = o.maxMs ?? 10 * 60_000;
  const enc = new TextEncoder();
  const started = Date.now();
  let last: string | null = o.initial?.version ?? null;
  let lastWrite = started;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let end = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (s: string) => {
        controller.enqueue(enc.encode(s));
        lastWrite = Date.now();
      };
      end = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        o.signal.removeEventListener("abort", end);
        try {
          controller.close();
        } catch {
          /* already closed or cancelled */
        }
      };
      const tick = async () => {
        if (closed) return;
        if (Date.now() - started >= maxMs) return end();
        try {
          const version = await o.poll();
          if (closed) return;
          if (version !== last) {
            const change = await o.change(version);
            if (closed) return;
            last = change.version;
            write(frame(change));
          } else if (Date.now() - lastWrite >= heartbeatMs) {
            write(": ping\n\n");
          }
        } catch (e) {
          if (closed) return;
          log.warn({ err: e instanceof Error ? e.message.split("\n")[0] : String(e) }, "live event stream: poll failed, closing");
          try {
            write(frame({ event: "error", data: {} }));
          } catch {
            /* the client is gone */
          }
          return end();
        }
        timer = setTimeout(() => void tick(), intervalMs);
      };
      if (o.signal.aborted) return end();
      o.signal.addEventListener("abort", end);
      write(`retry: ${o.retryMs ?? 2000}\n\n`);
      if (o.initial) {
        write(frame(o.initial));
        timer = setTimeout(() => void tick(), intervalMs);
      } else void tick();
    },
    cancel() {
      end();
    },
  });
  return new Response(body, { headers: EVENT_STREAM_HEADERS });
}

/** Whether the request asks for the stream (`Accept: text/event-stream`) rather than one JSON answer. */
export const wantsEventStream = (req: Request) => (req.headers.get("accept") ?? "").includes("text/event-stream");
