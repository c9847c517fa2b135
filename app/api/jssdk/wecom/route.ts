// GET /api/jssdk/wecom?url=<page URL> → wx.config and wx.agentConfig parameters for a page of this app.
import { wecomJsConfig } from "@/lib/vendors/jssdk-config";
import { jssdkConfigRoute } from "../config-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = jssdkConfigRoute("WeCom", wecomJsConfig);
