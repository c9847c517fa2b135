"use client";
// How a client island follows a live stream (lib/http/event-stream): an EventSource that the browser reconnects on
// its own; if the stream cannot be opened (EventSource gave up, or there is none) the same URL is polled as JSON,
// backing off while it fails. A hidden page holds no connection and catches up when shown (the stream's first
// event is the current state). Workbench pages have a JS budget: React and the browser only, nothing else.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";

export type LiveState = "live" | "connecting" | "lost";

const MAX_BACKOFF_MS = 30_000;

/** The status dot's classes for a live state (green pulsing, amber, grey). */
export const liveDotClass = (state: LiveState) => `size-2 rounded-full ${state === "live" ? "animate-pulse bg-emerald-500" : state === "lost" ? "bg-amber-500" : "bg-slate-300"}`;

/**
 * Follows `url`'s `event` events (JSON data) and hands each to `onData`; null `url` follows nothing. The fallback
 * polls `url` without `Accept: text/event-stream`, which the live routes answer with one JSON snapshot.
 */
export function useLiveEvents<T>(url: string | null, event: string, onData: (data: T) => void, pollMs = 2000): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handler = useRef(onData);
  useEffect(() => {
    handler.current = onData;
  });

  useEffect(() => {
    if (!url) return;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let run = 0; // bumped on every stop: a fetch that answers after it belongs to a finished run
    let active = false;
    let delay = pollMs;
    const receive = (data: T) => {
      setState("live");
      handler.current(data);
    };
    const poll = async (mine: number) => {
      const data = await fetch(url, { cache: "no-store" })
        .then((r) => (r.ok ? (r.json() as Promise<T>) : null))
        .catch(() => null);
      if (mine !== run) return;
      if (data) receive(data);
      else setState("lost");
      delay = data ? pollMs : Math.min(delay * 2, MAX_BACKOFF_MS);
      timer = setTimeout(() => void poll(mine), delay);
    };
    const start = () => {
      const mine = run;
      active = true;
      delay = pollMs;
      if (typeof EventSource === "undefined") {
        timer = setTimeout(() => void poll(mine), delay);
        return;
      }
      const source = new EventSource(url);
      es = source;
      source.onopen = () => setState("live");
      source.addEventListener(event, (e) => receive(JSON.parse((e as MessageEvent<string>).data) as T));
      source.onerror = () => {
        setState("lost"); // the server's `event: error` lands here too; the browser reconnects unless CLOSED
        if (source.readyState !== EventSource.CLOSED || mine !== run) return;
        es = null;
        timer = setTimeout(() => void poll(mine), delay);
      };
    };
    const stop = () => {
      run++;
      active = false;
      es?.close();
      es = null;
      clearTimeout(timer);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") stop();
      else if (!active) {
        setState("connecting");
        start();
      }
    };
    if (document.visibilityState !== "hidden") start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      stop();
    };
  }, [url, event, pollMs]);

  return state;
}

/**
 * For pages whose server render is the view: re-renders it (router.refresh) when the stream's `{version}` moves
 * past the one the server rendered. `at` is when the stream was last heard.
 */
export function useLiveRefresh(url: string | null, event: string, version: string, pollMs?: number): { state: LiveState; at: Date | null } {
  const router = useRouter();
  const seen = useRef(version);
  const [at, setAt] = useState<Date | null>(null);
  useEffect(() => {
    seen.current = version; // the server rendered this version
  }, [version]);
  const state = useLiveEvents<{ version: string }>(
    url,
    event,
    (d) => {
      setAt(new Date());
      if (d.version === seen.current) return;
      seen.current = d.version;
      router.refresh();
    },
    pollMs,
  );
  return { state, at };
}
