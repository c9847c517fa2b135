// GET /api/attendance/bridge: the DingTalk ↔ WeCom bridge's setting, queue, lag and latest failures (admins, HR).
// PUT /api/attendance/bridge {mode: off|dingtalk_to_wecom|wecom_to_dingtalk|both, from: YYYY-MM-DD}: an admin sets
// the direction; audited; a direction switched on queues the punches stored since `from`. 403 for everyone else,
// 400 for a bad body, a start more than 31 days back, or a deployment without both vendors.
import { bridgeSettingsBody, setBridgeSettings } from "@/lib/attendance/bridge/settings";
import { bridgeStatus } from "@/lib/attendance/bridge/status";
import { forbidden } from "@/lib/errors";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle(async ({ db, viewer }) => Response.json(await bridgeStatus(db, viewer)));

export const PUT = handle(async ({ db, viewer, req }) => {
  if (!viewer.roles.has("admin")) throw forbidden("only an admin changes the attendance bridge");
  return Response.json(await setBridgeSettings(db, viewer, await jsonBody(req, bridgeSettingsBody)));
});
