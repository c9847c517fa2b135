// The default flows every deployment starts with, seeded at startup by their code (idempotent; HR's later edits
// to a seeded flow are kept — a code already present is never overwritten).
import type { Db } from "@/db/client";
import { approvalFlows } from "@/db/schema";

export const DEFAULT_FLOWS: (typeof approvalFlows.$inferInsert)[] = [
  {
    code: "leave.default",
    kind: "leave",
    name: "请假",
    priority: 100,
    // The leader decides; HR joins (any one of them decides) from 3 days.
    steps: [
      { mode: "single", approvers: [{ type: "leader" }] },
      { mode: "any", approvers: [{ type: "role", role: "hr" }], when: { minDays: 3 } },
    ],
  },
  { code: "correction.default", kind: "correction", name: "补卡", priority: 100, steps: [{ mode: "single", approvers: [{ type: "leader" }] }] },
  {
    code: "overtime.default",
    kind: "overtime",
    name: "加班",
    priority: 100,
    // The leader decides; HR joins (any one of them decides) from 4 hours.
    steps: [
      { mode: "single", approvers: [{ type: "leader" }] },
      { mode: "any", approvers: [{ type: "role", role: "hr" }], when: { minHours: 4 } },
    ],
  },
  // 会议请假 / 缺席说明: the meeting's organiser decides.
  { code: "meeting_excuse.default", kind: "meeting_excuse", name: "会议请假", priority: 100, steps: [{ mode: "single", approvers: [{ type: "meeting_organizer" }] }] },
];

export async function ensureDefaultFlows(db: Db): Promise<void> {
  await db.insert(approvalFlows).values(DEFAULT_FLOWS).onConflictDoNothing({ target: approvalFlows.code });
}
