// Who may open the PC console, and which of its sections. Pure (no data access): the console layout, the side
// navigation and the console home share it. Pages still scope every query to the viewer themselves.
import type { Viewer } from "@/lib/auth/viewer";

export type ConsoleNavKey =
  | "overview"
  | "meetings"
  | "reports"
  | "leaves"
  | "attendanceSheet"
  | "people"
  | "identity"
  | "org"
  | "integrations"
  | "sync"
  | "attendanceBridge"
  | "apiKeys"
  | "attendanceReminders"
  | "attendanceCalendar"
  | "attendanceShifts"
  | "attendanceGroups"
  | "attendanceRosters"
  | "settings"
  | "notifications"
  | "attendanceBoard"
  | "attendanceImport"
  | "attendanceDaily"
  | "attendanceTrends"
  | "approvalRules"
  | "approvals";

export type ConsoleNavGroupKey = "overview" | "attendance" | "approvals" | "meetingsReports" | "peopleIdentity" | "integrations" | "settings";

export interface ConsoleNavItem {
  key: ConsoleNavKey;
  href: string;
  /** Managers see these too; everything else is HR/admin only. */
  managers: boolean;
  /** Only admins (the page refuses HR too): hidden from HR, so the navigation offers only what opens. */
  adminOnly?: boolean;
}

export interface ConsoleNavGroup {
  key: ConsoleNavGroupKey;
  items: ConsoleNavItem[];
}

export const CONSOLE_NAV: readonly ConsoleNavGroup[] = [
  { key: "overview", items: [{ key: "overview", href: "/console", managers: true }] },
  {
    key: "attendance",
    items: [
      { key: "attendanceBoard", href: "/console/attendance/board", managers: true },
      { key: "attendanceDaily", href: "/console/attendance/daily", managers: true },
      { key: "attendanceSheet", href: "/console/attendance/sheet", managers: true },
      { key: "attendanceTrends", href: "/console/attendance/trends", managers: true },
      { key: "attendanceImport", href: "/console/attendance/import", managers: false },
      { key: "attendanceReminders", href: "/console/attendance/reminders", managers: false },
      { key: "attendanceCalendar", href: "/console/attendance/settings/calendar", managers: false },
      { key: "attendanceShifts", href: "/console/attendance/settings/shifts", managers: false },
      { key: "attendanceGroups", href: "/console/attendance/settings/groups", managers: false },
      { key: "attendanceRosters", href: "/console/attendance/settings/rosters", managers: false },
    ],
  },
  // 审批管理 (issue 15): linked for HR/admin; a manager who opens it sees their subtrees' items (the page scopes).
  {
    key: "approvals",
    items: [
      { key: "approvals", href: "/console/approvals", managers: false },
      { key: "approvalRules", href: "/console/approval-rules", managers: false },
    ],
  },
  {
    key: "meetingsReports",
    items: [
      { key: "meetings", href: "/console/meetings", managers: true },
      { key: "reports", href: "/console/reports", managers: true },
      { key: "leaves", href: "/console/leaves", managers: false },
    ],
  },
  {
    key: "peopleIdentity",
    items: [
      { key: "people", href: "/console/people", managers: true },
      { key: "identity", href: "/console/identity", managers: false },
      { key: "org", href: "/console/org", managers: false },
    ],
  },
  {
    key: "integrations",
    items: [
      { key: "integrations", href: "/console/integrations", managers: false },
      { key: "sync", href: "/console/sync", managers: false },
      { key: "attendanceBridge", href: "/console/attendance/bridge", managers: false },
      { key: "apiKeys", href: "/console/api-keys", managers: false, adminOnly: true },
      { key: "notifications", href: "/console/notifications", managers: false },
    ],
  },
  { key: "settings", items: [{ key: "settings", href: "/console/settings", managers: false }] },
];

/** "all" for HR and admins, the led subtrees for managers, null for everyone else (no console). */
export type ConsoleScope = { kind: "all" } | { kind: "subtree"; paths: readonly string[] };

export function consoleScope(viewer: Viewer): ConsoleScope | null {
  if (viewer.roles.has("hr") || viewer.roles.has("admin")) return { kind: "all" };
  if (viewer.managedPaths.length > 0) return { kind: "subtree", paths: viewer.managedPaths };
  return null;
}

/** The navigation this viewer may see: empty groups are dropped. */
export function consoleNavFor(viewer: Viewer): ConsoleNavGroup[] {
  const scope = consoleScope(viewer);
  if (!scope) return [];
  const admin = viewer.roles.has("admin");
  const visible = (i: ConsoleNavItem) => (i.adminOnly ? admin : scope.kind === "all" || i.managers);
  return CONSOLE_NAV.map((g) => ({ ...g, items: g.items.filter(visible) })).filter(
    (g) => g.items.length > 0,
  );
}
