// Authorization matrix: 接入状态 (inbox health, inbox browser with masked payloads, dead letters): HR and admins only.
// Actions on a dead letter that does not exist (99999999): refused by role for others, a no-op for HR/admin.
import { byRole, type ActionRule, type RouteRule } from "./types";

const hrOnly = byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/console/integrations/page.tsx", path: "/console/integrations", expect: hrOnly },
  { file: "app/console/integrations/page.tsx", path: "/console/integrations?source=wecom&status=dead", expect: hrOnly, note: "filters keep the scope" },
];

export const actions: ActionRule[] = [
  { action: "app/console/integrations/actions.ts#replayDeadLetterAction", page: "/console/integrations", form: { id: "99999999" }, expect: hrOnly, note: "HR/admin: done=unchanged (no such dead letter)" },
  { action: "app/console/integrations/actions.ts#discardDeadLetterAction", page: "/console/integrations", form: { id: "99999999" }, expect: hrOnly, note: "HR/admin: done=unchanged" },
];
