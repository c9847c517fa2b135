// POST /api/attendance/punch: the signed-in employee's in-app punch (打卡). 201 with the punch and the resulting
// day; a retry with the same clientId answers 200 with the same punch; refusals are 4xx with the reason.
import { appPunchRoute } from "@/lib/attendance/punches/app-http";

export const dynamic = "force-dynamic";

export const POST = appPunchRoute();
