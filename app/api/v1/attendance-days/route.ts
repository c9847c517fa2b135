import { apiRoute } from "@/lib/oa-sync/api/handler";
import { listAttendanceDaysPage } from "@/lib/oa-sync/api/queries";
import { attendanceDaysQuery } from "@/lib/oa-sync/api/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("attendance_days:read", attendanceDaysQuery, (db, args) => listAttendanceDaysPage(db, args));
