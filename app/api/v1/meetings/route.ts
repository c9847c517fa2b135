import { apiRoute } from "@/lib/oa-sync/api/handler";
import { listMeetingsPage } from "@/lib/oa-sync/api/queries";
import { meetingsQuery } from "@/lib/oa-sync/api/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("meetings:read", meetingsQuery, (db, args) => listMeetingsPage(db, args));
