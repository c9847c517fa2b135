// An in-process fetch onto the simulator (tests and scripts without a server): the same handlers the
// /api/sim/* routes call, reached by URL path. Honours AbortSignal like a network fetch.
import { notFoundResponse, simulatorActive } from "./common";
import { handleDingtalkApi, handleDingtalkOapi } from "./dingtalk";
import { handleWecomApi } from "./wecom";

export const simulatorFetch: typeof fetch = async (input, init) => {
  const req = input instanceof Request ? new Request(input, init) : new Request(String(input), init);
  const p = new URL(req.url).pathname;
  const route = (prefix: string) => (p.startsWith(prefix) ? p.slice(prefix.length - 1) : null);
  let work: Promise<Response>;
  let rest: string | null;
  if ((rest = route("/api/sim/wecom/"))) work = simulatorActive("wecom") ? handleWecomApi(req, rest) : Promise.resolve(notFoundResponse());
  else if ((rest = route("/api/sim/dingtalk/oapi/"))) work = simulatorActive("dingtalk") ? handleDingtalkOapi(req, rest) : Promise.resolve(notFoundResponse());
  else if ((rest = route("/api/sim/dingtalk/api/"))) work = simulatorActive("dingtalk") ? handleDingtalkApi(req, rest) : Promise.resolve(notFoundResponse());
  else work = Promise.resolve(notFoundResponse());
  if (!req.signal) return work;
  return new Promise<Response>((resolve, reject) => {
    if (req.signal.aborted) return reject(req.signal.reason ?? new DOMException("aborted", "AbortError"));
    req.signal.addEventListener("abort", () => reject(req.signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
    work.then(resolve, reject);
  });
};
