import { apiRoute } from "@/lib/oa-sync/api/handler";
import { listAttendancePage } from "@/lib/oa-sync/api/queries";
import { attendanceQuery } from "@/lib/oa-sync/api/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("meeting_attendance:read", attendanceQuery, (db, args) => listAttendancePage(db, args));
