// Test kit (not a route): send a SignedRequest straight to the exported route handlers, as Next would.
// Used by the vitest suites of lib/ingest; the HTTP scripts use fetch against `next start` instead.
import type { SignedRequest } from "@/lib/vendors/wecom/sender";
import * as agora from "../webhooks/agora/route";
import * as tencent from "../webhooks/tencent-meeting/route";
import * as zoom from "../webhooks/zoom/route";
import * as dingtalk from "./dingtalk/route";
import * as wecom from "./wecom/route";

type Handlers = { GET?: (r: Request) => Promise<Response>; POST?: (r: Request) => Promise<Response> };

const routes: Record<string, Handlers> = {
  "/api/callbacks/wecom": wecom,
  "/api/callbacks/dingtalk": dingtalk,
  "/api/webhooks/tencent-meeting": tencent,
  "/api/webhooks/zoom": zoom,
  "/api/webhooks/agora": agora,
};

export async function dispatchCallback(req: SignedRequest): Promise<Response> {
  const path = req.pathAndQuery.split("?")[0];
  const h = routes[path]?.[req.method];
  if (!h) throw new Error(`no handler for ${req.method} ${path}`);
  const body = req.method === "POST" ? (req.body ?? "") : undefined;
  return h(new Request(`http://localhost${req.pathAndQuery}`, { method: req.method, headers: req.headers, body }));
}
