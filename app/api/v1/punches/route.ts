import { devicePunchRoute } from "@/lib/attendance/punches/http";
import { apiRoute } from "@/lib/oa-sync/api/handler";
import { listPunchesPage } from "@/lib/oa-sync/api/queries";
import { punchesQuery } from "@/lib/oa-sync/api/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("punches:read", punchesQuery, (db, args) => listPunchesPage(db, args));
export const POST = devicePunchRoute();
