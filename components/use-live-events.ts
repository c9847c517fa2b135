"use client";
// How a client island follows a live stream (lib/http/event-stream): an EventSource that the browser reconnects on
// its own; if the stream cannot be opened (EventSource gave up, or there is none) the same URL is polled as JSON,
// backing off while it fails. A hidden page holds no connection and catches up when shown (the stream's first
// event is the current state). Workbench pages have a JS budget: React and the browser only, nothing else.
import { useEffect, useRef, useState } from "react";

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
    let es: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let run = 0; // bumped on every start and stop: a fetch that answers later belongs to a finished run
    const receive = (data: T) => {
      setState("live");
      handler.current(data);
    };
    const poll = (mine: number, delay: number) => {
      timer = setTimeout(async () => {
        const data = (await fetch(url, { cache: "no-store" })
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null)) as T | null;
        if (mine !== run) return;
        if (data) receive(data);
        else setState("lost");
        poll(mine, data ? pollMs : Math.min(delay * 2, MAX_BACKOFF_MS));
      }, delay);
    };
    const start = () => {
      const mine = ++run;
      if (typeof EventSource === "undefined") return poll(mine, pollMs);
      const source = (es = new EventSource(url));
      source.onopen = () => setState("live");
      source.addEventListener(event, (e) => receive(JSON.parse((e as MessageEvent<string>).data) as T));
      source.onerror = () => {
        setState("lost"); // the server's `event: error` lands here too; the browser reconnects unless CLOSED
        if (source.readyState === EventSource.CLOSED && mine === run) poll(mine, pollMs);
      };
    };
    const stop = () => {
      run++;
      es?.close();
      clearTimeout(timer);
    };
    const onVisibility = () => {
      stop();
      if (document.hidden) return;
      setState("connecting");
      start();
    };
    if (!document.hidden) start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      stop();
    };
  }, [url, event, pollMs]);

  return state;
}
