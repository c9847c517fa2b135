// Authorization matrix: 接入状态 (inbox health, inbox browser with masked payloads, dead letters): HR and admins only.
import { byRole, type RouteRule } from "./types";

const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/console/integrations/page.tsx", path: "/console/integrations", expect: hrOnly },
  { file: "app/console/integrations/page.tsx", path: "/console/integrations?source=wecom&status=dead", expect: hrOnly, note: "filters keep the scope" },
];
