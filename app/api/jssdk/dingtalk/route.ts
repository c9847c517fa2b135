// GET /api/jssdk/dingtalk?url=<page URL> → dd.config parameters for a page of this app.
import { dingtalkJsConfig } from "@/lib/vendors/jssdk-config";
import { jssdkConfigRoute } from "../config-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = jssdkConfigRoute("DingTalk", dingtalkJsConfig);
