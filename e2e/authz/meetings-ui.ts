// Authorization matrix: the meeting edit screens (mobile and PC), HR leave entry and notification delivery.
// Sample meeting 1 is the seed's "技术中心周例会": its organiser is neither `employee` nor `manager`, so only HR/admin
// may edit it; everyone else gets the same 404 as for a meeting that does not exist. The writes are server actions
// (they check the viewer themselves: editMeeting → canManageMeeting, enterLeave → HR/admin) and have no URL.
import { byRole, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  {
    file: "app/(workbench)/meetings/[id]/edit/page.tsx",
    path: "/meetings/1/edit",
    expect: byRole({ anonymous: "login", employee: "notfound", manager: "notfound", otherManager: "notfound", hr: "ok", admin: "ok" }),
    note: "organiser or HR/admin only",
  },
  {
    file: "app/console/meetings/[id]/edit/page.tsx",
    path: "/console/meetings/1/edit",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "notfound", otherManager: "notfound", hr: "ok", admin: "ok" }),
    note: "employees have no console; managers do not organise meeting 1",
  },
  {
    file: "app/console/leaves/page.tsx",
    path: "/console/leaves",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "ok", otherManager: "ok", hr: "ok", admin: "ok" }),
    note: "managers see their subtree's leaves read-only; only HR/admin get the entry form",
  },
  {
    file: "app/console/notifications/page.tsx",
    path: "/console/notifications",
    expect: byRole({ anonymous: "login", employee: "forbidden", manager: "forbidden", otherManager: "forbidden", hr: "ok", admin: "ok" }),
    note: "HR/admin only (data-testid=forbidden for managers)",
  },
];
