// Authorization matrix: meetings and check-in (workbench pages, console meeting pages and reports, the meetings
// API). Sample meeting 1 is the seed's "技术中心周例会" (a week ago): invited are the technology centre (D1xx),
// which holds `employee` and `manager`; `otherManager` (上海销售一组) has nobody in it; the organiser is
// neither, so only HR/admin manage it. Writes are sent with bodies that fail validation (nothing written).
import { byRole, signedIn, type RouteRule } from "./types";

const invitedView = byRole({ anonymous: "login", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const manageOnly = byRole({ anonymous: "login", employee: "notfound", manager: "notfound", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiInvited = byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiManage = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "forbidden", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiScoped = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });
const apiConsole = byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const apiWrite = byRole({ anonymous: "unauthorized", employee: "rejected", manager: "rejected", otherManager: "rejected", hr: "rejected", admin: "rejected" });
const consolePage = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" });
const consoleMeeting = byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" });

export const routes: RouteRule[] = [
  { file: "app/(workbench)/meetings/page.tsx", path: "/meetings", expect: signedIn("ok"), note: "own meetings only" },
  { file: "app/(workbench)/meetings/new/page.tsx", path: "/meetings/new", expect: signedIn("ok") },
  { file: "app/(workbench)/meetings/scan/page.tsx", path: "/meetings/scan", expect: signedIn("ok") },
  { file: "app/(workbench)/meetings/[id]/page.tsx", path: "/meetings/1", expect: invitedView, note: "live view only for organiser/HR" },
  { file: "app/(workbench)/meetings/[id]/qr/page.tsx", path: "/meetings/1/qr", expect: manageOnly },
  { file: "app/(workbench)/checkin/page.tsx", path: "/checkin?m=1", expect: signedIn("ok"), note: "shows the meeting; checking in is the POST" },

  { file: "app/api/checkin/route.ts", path: "/api/checkin", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/route.ts", path: "/api/meetings", expect: byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }) },
  { file: "app/api/meetings/route.ts", path: "/api/meetings", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/[id]/route.ts", path: "/api/meetings/1", expect: apiInvited },
  { file: "app/api/meetings/[id]/route.ts", path: "/api/meetings/1", method: "PATCH", data: { startsAt: "not a date" }, expect: apiWrite },
  { file: "app/api/meetings/[id]/qr/route.ts", path: "/api/meetings/1/qr", expect: apiManage },
  { file: "app/api/meetings/[id]/live/route.ts", path: "/api/meetings/1/live", expect: apiManage },
  { file: "app/api/meetings/[id]/attendance/route.ts", path: "/api/meetings/1/attendance", expect: apiScoped },
  { file: "app/api/meetings/[id]/export/route.ts", path: "/api/meetings/1/export?format=csv", expect: apiScoped },
  { file: "app/api/meetings/[id]/marks/route.ts", path: "/api/meetings/1/marks", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/[id]/import/route.ts", path: "/api/meetings/1/import", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/reports/export/route.ts", path: "/api/meetings/reports/export?from=2026-01-01&to=2026-01-02&format=csv", expect: apiConsole },
  { file: "app/api/meetings/unmatched/claim/route.ts", path: "/api/meetings/unmatched/claim", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/leaves/route.ts", path: "/api/meetings/leaves", method: "POST", data: {}, expect: apiWrite },
  { file: "app/api/meetings/people/route.ts", path: "/api/meetings/people?no=QD00001", expect: apiConsole },

  { file: "app/console/meetings/page.tsx", path: "/console/meetings", expect: consolePage },
  { file: "app/console/meetings/[id]/page.tsx", path: "/console/meetings/1", expect: consoleMeeting },
  { file: "app/console/reports/page.tsx", path: "/console/reports", expect: consolePage },
];

routes.push(
  { file: "app/api/meetings/reports/route.ts", path: "/api/meetings/reports?from=2026-01-01&to=2026-01-02", expect: byRole({ anonymous: "unauthorized", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }) },
  { file: "app/api/meetings/[id]/report/route.ts", path: "/api/meetings/1/report", expect: byRole({ anonymous: "unauthorized", employee: "ok", manager: "ok", otherManager: "notfound", hr: "ok", admin: "ok" }), note: "an invited employee sees only the meetings they organise or manage in the counts (scope applies to rows)" },
);
