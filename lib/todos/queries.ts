// 待办: what is waiting for the viewer right now, from what the app already knows. Approvals join this list in a
// later release; until then it holds open check-ins for everyone and, for HR/admin, the queues that need a person.
import "server-only";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { myMeetings } from "@/lib/meetings/queries";
import { consoleScope } from "@/lib/ui/console-access";
import { getConsoleStats } from "@/lib/ui/console-stats";

export type Todo =
  | { kind: "checkin"; meetingId: number; title: string; startsAt: Date; endsAt: Date; locationName: string | null; href: string }
  | { kind: "identity_conflicts" | "inbox_failures"; count: number; href: string }
  | { kind: "oa_lag"; count: number; since: Date; href: string };

/**
 * The viewer's to-dos, most urgent first: meetings whose check-in is open now and that I have not checked in to
 * (invited, not organising, not on leave); then, for HR/admin, identity conflicts to resolve, callbacks that kept
 * failing, and an OA backlog older than the lag alert threshold.
 */
export async function myTodos(db: Db, viewer: Viewer, now = new Date()): Promise<Todo[]> {
  // Today and tomorrow: a check-in opens before the start, so at 23:50 the 00:00 meeting's is open already.
  const { today, upcoming } = await myMeetings(db, viewer, { now, days: 2 });
  const out: Todo[] = [...today, ...upcoming]
    .filter((m) => m.windowOpen && !m.organizer && !m.checkedInAt && m.myStatus !== "on_leave" && m.meetingStatus !== "cancelled")
    .map((m) => ({
      kind: "checkin" as const,
      meetingId: m.id,
      title: m.title,
      startsAt: new Date(m.startsAt),
      endsAt: new Date(m.endsAt),
      locationName: m.locationName,
      href: `/checkin?m=${m.id}`,
    }));
  const scope = consoleScope(viewer);
  if (scope?.kind === "all") {
    const s = await getConsoleStats(db, scope, { now, timeZone: env().ORG_TIMEZONE });
    if (s.openConflicts) out.push({ kind: "identity_conflicts", count: s.openConflicts, href: "/console/identity" });
    if (s.inboxFailures) out.push({ kind: "inbox_failures", count: s.inboxFailures, href: "/console/integrations" });
    const lagMs = env().OA_LAG_ALERT_MINUTES * 60_000;
    if (s.oaBacklog && s.oaOldestPendingAt && now.getTime() - s.oaOldestPendingAt.getTime() > lagMs) {
      out.push({ kind: "oa_lag", count: s.oaBacklog, since: s.oaOldestPendingAt, href: "/console/sync" });
    }
  }
  return out;
}
