import { apiRoute } from "@/lib/oa-sync/api/handler";
import { listEmployeesPage } from "@/lib/oa-sync/api/queries";
import { employeesQuery } from "@/lib/oa-sync/api/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("employees:read", employeesQuery, (db, args) => listEmployeesPage(db, args));
