// Video presence from join/leave evidence, independent of the order the events arrived in. Vendors do not
// guarantee delivery order (webhook retries, WeCom/DingTalk redelivery, reconciliation pulls filling a missing
// join later), so every join/leave is kept (meeting_presence_events) and a person's sessions of one source are
// recomputed from the whole set in time order. Pure: the same set gives the same sessions, whatever came first.

export interface PresenceFact {
  action: "join" | "leave";
  at: Date;
  participantKey: string;
  device?: string | null;
  sourceEvent?: string | null;
}

export interface PresenceSession {
  joinedAt: Date;
  leftAt: Date | null;
  /** The join that opened the session (first in the total order below): its device and event, for the evidence drawer. */
  device: string | null;
  sourceEvent: string | null;
}

/**
 * A total order on facts, so ties never depend on arrival: time, then joins before leaves (a join and a leave in the
 * same instant make a zero-length session, as the old in-order path did), then participant key, device and event.
 */
export function comparePresence(a: PresenceFact, b: PresenceFact): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    (a.action === b.action ? 0 : a.action === "join" ? -1 : 1) ||
    cmp(a.participantKey, b.participantKey) ||
    cmp(a.device ?? "", b.device ?? "") ||
    cmp(a.sourceEvent ?? "", b.sourceEvent ?? "")
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sessions = the spans in which the person had at least one open join (several devices or participant ids of the
 * same person overlap; joins and leaves are counted, not paired by id, as the old path closed the latest open
 * session of the source whatever its participant id). A leave with nothing open before it (its join not arrived,
 * or a duplicate) opens nothing and closes nothing: it stays in the evidence and counts once its join arrives.
 * A join with no later leave leaves the session open (still in the meeting).
 */
export function presenceSessions(facts: readonly PresenceFact[]): PresenceSession[] {
  const sorted = [...facts].sort(comparePresence);
  const out: PresenceSession[] = [];
  let depth = 0;
  let open: PresenceSession | null = null;
  for (const f of sorted) {
    if (f.action === "join") {
      if (depth === 0) open = { joinedAt: f.at, leftAt: null, device: f.device ?? null, sourceEvent: f.sourceEvent ?? null };
      depth++;
    } else {
      if (depth === 0) continue;
      depth--;
      if (depth === 0 && open) {
        out.push({ ...open, leftAt: f.at });
        open = null;
      }
    }
  }
  if (open) out.push(open);
  return out;
}

/** The device of the person's first join (the check-in of a video attendee), or null when no join names one. */
export function firstJoinDevice(facts: readonly PresenceFact[]): string | null {
  const joins = facts.filter((f) => f.action === "join").sort(comparePresence);
  return joins.find((f) => f.device)?.device ?? null;
}

/** The meeting_sessions key of a derived session: one per (source, person, start); the unique index is (meeting, key). */
export function presenceSessionKey(source: string, employeeId: number, joinedAt: Date): string {
  return `presence:${source}:${employeeId}:${joinedAt.getTime()}`;
}
