"use client";
// For pages whose server render is the live view (the phone's 团队考勤, the console meeting page): re-renders it
// (router.refresh) when the stream's `{version}` moves past the one the server rendered. Apart from
// use-live-events so that the islands that keep their own state do not ship it.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useLiveEvents, type LiveState } from "./use-live-events";

/** `at` is when the stream was last heard. */
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
