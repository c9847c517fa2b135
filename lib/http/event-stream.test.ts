// The polling event stream, read the way a browser reads it: through the response body's ReadableStream reader.
import { describe, expect, it } from "vitest";
import { pollingEventStream, type LiveChange, type PollingEventStreamOptions } from "./event-stream";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the body frame by frame (a frame ends at a blank line). */
function frames(res: Response) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = "";
  let done = false;
  const next = async (): Promise<string | null> => {
    for (;;) {
      const i = buf.indexOf("\n\n");
      if (i >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        return frame;
      }
      if (done) return null;
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else buf += dec.decode(chunk.value, { stream: true });
    }
  };
  const rest = async () => {
    const all: string[] = [];
    for (let f = await next(); f !== null; f = await next()) all.push(f);
    return all;
  };
  return { next, rest, reader, ended: () => done };
}

const frame = (c: Omit<LiveChange, "version">) => `event: ${c.event}\ndata: ${JSON.stringify(c.data)}`;
const isEvent = (f: string) => f.startsWith("event:");

/** A poll that answers the scripted versions in turn, then the last one for ever; counts its calls. */
function scripted(versions: (string | Error)[]) {
  const calls = { poll: 0, change: [] as string[] };
  const poll = async () => {
    const v = versions[Math.min(calls.poll, versions.length - 1)];
    calls.poll++;
    if (v instanceof Error) throw v;
    return v;
  };
  const change = async (version: string): Promise<LiveChange> => {
    calls.change.push(version);
    return { event: "view", version, data: { version, n: calls.change.length } };
  };
  return { calls, poll, change };
}

const fast = (o: Partial<PollingEventStreamOptions> & Pick<PollingEventStreamOptions, "poll" | "change">): PollingEventStreamOptions => ({
  signal: new AbortController().signal,
  intervalMs: 5,
  heartbeatMs: 60_000,
  maxMs: 60_000,
  ...o,
});

describe("pollingEventStream", () => {
  it("answers an event stream that proxies do not buffer, starting with the reconnection delay", async () => {
    const s = scripted(["a"]);
    const ctl = new AbortController();
    const res = pollingEventStream(fast({ ...s, signal: ctl.signal, retryMs: 2500 }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const f = frames(res);
    expect(await f.next()).toBe("retry: 2500");
    ctl.abort();
  });

  it("sends the initial event at once and then one event per change of version, none while it holds", async () => {
    const s = scripted(["a", "a", "b", "b", "b", "c", "c", "c", "a"]);
    const res = pollingEventStream(fast({ ...s, initial: { event: "board", version: "a", data: { first: true } }, maxMs: 250 }));
    const all = await frames(res).rest();
    expect(all[0]).toBe("retry: 2000");
    expect(all.filter(isEvent)).toEqual([
      frame({ event: "board", data: { first: true } }),
      frame({ event: "view", data: { version: "b", n: 1 } }),
      frame({ event: "view", data: { version: "c", n: 2 } }),
      frame({ event: "view", data: { version: "a", n: 3 } }),
    ]);
    expect(s.calls.change).toEqual(["b", "c", "a"]);
    expect(s.calls.poll).toBeGreaterThan(9); // it kept polling after the last change, and sent nothing for it
    expect(all.filter((f) => !isEvent(f) && f !== "retry: 2000")).toEqual([]); // no heartbeat within 60 s
  });

  it("remembers the version the change says it shows, not the one polled", async () => {
    const s = scripted(["cheap-1"]);
    let reads = 0;
    const res = pollingEventStream(fast({ poll: s.poll, change: async () => ({ event: "board", version: "cheap-1", data: { read: ++reads } }), maxMs: 100 }));
    const events = (await frames(res).rest()).filter(isEvent);
    expect(events).toEqual([frame({ event: "board", data: { read: 1 } })]);
    expect(reads).toBe(1);
  });

  it("without an initial event, polls at once and sends the first version", async () => {
    const s = scripted(["v1"]);
    const ctl = new AbortController();
    const f = frames(pollingEventStream({ ...s, signal: ctl.signal, intervalMs: 60_000 }));
    expect(await f.next()).toBe("retry: 2000");
    expect(await f.next()).toBe(frame({ event: "view", data: { version: "v1", n: 1 } }));
    expect(s.calls.poll).toBe(1);
    ctl.abort();
  });

  it("sends a `: ping` comment when nothing else was sent for the heartbeat interval", async () => {
    const s = scripted(["a"]);
    const started = Date.now();
    const all = await frames(pollingEventStream(fast({ ...s, initial: { event: "view", version: "a", data: {} }, heartbeatMs: 40, maxMs: 230 }))).rest();
    const elapsed = Date.now() - started;
    const pings = all.filter((f) => f === ": ping").length;
    expect(all.filter(isEvent)).toHaveLength(1);
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(pings).toBeLessThanOrEqual(Math.floor(elapsed / 40)); // not on every poll: at most one per 40 ms
    expect(s.calls.poll).toBeGreaterThan(pings);
  });

  it("stops polling and ends the stream when the client disconnects (the request's signal aborts)", async () => {
    const s = scripted(["a"]);
    const ctl = new AbortController();
    const f = frames(pollingEventStream(fast({ ...s, signal: ctl.signal, initial: { event: "view", version: "a", data: {} } })));
    await f.next();
    await f.next();
    await sleep(40);
    expect(s.calls.poll).toBeGreaterThan(0);
    ctl.abort();
    expect(await f.rest()).toEqual([]);
    const after = s.calls.poll;
    await sleep(60);
    expect(s.calls.poll).toBe(after);
  });

  it("stops polling when the reader cancels the body", async () => {
    const s = scripted(["a"]);
    const f = frames(pollingEventStream(fast({ ...s, initial: { event: "view", version: "a", data: {} } })));
    await f.next();
    await sleep(30);
    await f.reader.cancel();
    const after = s.calls.poll;
    await sleep(60);
    expect(s.calls.poll).toBe(after);
  });

  it("never polls for a client that left before the stream started", async () => {
    const s = scripted(["a"]);
    const ctl = new AbortController();
    ctl.abort();
    expect(await frames(pollingEventStream(fast({ ...s, signal: ctl.signal }))).rest()).toEqual([]);
    await sleep(30);
    expect(s.calls.poll).toBe(0);
  });

  const failing = async (): Promise<LiveChange> => {
    throw new Error("db down");
  };
  it.each([
    ["the poll", ["a", "a", new Error("db down")], scripted([]).change],
    ["the change", ["a", "a", "b"], failing],
  ] as const)("when %s throws, sends `event: error` and ends the stream cleanly", async (_name, versions, change) => {
    const s = scripted([...versions]);
    const all = await frames(pollingEventStream(fast({ poll: s.poll, change, initial: { event: "view", version: "a", data: { ok: 1 } } }))).rest();
    expect(all).toEqual(["retry: 2000", frame({ event: "view", data: { ok: 1 } }), "event: error\ndata: {}"]);
    expect(s.calls.poll).toBe(3);
    await sleep(30);
    expect(s.calls.poll).toBe(3);
  });

  it("ends the stream after the maximum duration and polls no more", async () => {
    const s = scripted(["a"]);
    const started = Date.now();
    const all = await frames(pollingEventStream(fast({ ...s, initial: { event: "view", version: "a", data: {} }, maxMs: 80 }))).rest();
    const elapsed = Date.now() - started;
    expect(all).toEqual(["retry: 2000", frame({ event: "view", data: {} })]);
    expect(elapsed).toBeGreaterThanOrEqual(80);
    expect(elapsed).toBeLessThan(1_000);
    const after = s.calls.poll;
    await sleep(40);
    expect(s.calls.poll).toBe(after);
  });
});
