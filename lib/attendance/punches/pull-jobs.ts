// Jobs of the vendor punch pulls; lib/jobs/registry.ts collects them.
// - attendance.pull (pg-boss, every 30 minutes, org time zone): a windowed pull per enabled vendor, from its
//   watermark (minus the lookback) to today; or one source / one window on demand.
// - attendance.targeted-pulls (loop): person-days DingTalk's attendance_check_record event asked for, pulled in
//   groups of ≤ 50 users per date; a failure puts the rows back with a backoff.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendancePullRequests } from "@/db/schema";
import { vendorEnabled, vendorMode } from "@/lib/env";
import { defineJob, type JobDefinition, type LoopDefinition } from "@/lib/jobs/types";
import { log } from "@/lib/observability/log";
import { chunk } from "@/lib/vendors/chunks";
import { DINGTALK_ATTENDANCE_MAX_USERS } from "@/lib/vendors/dingtalk/attendance";
import { WECOM_CHECKIN_MAX_USERS } from "@/lib/vendors/wecom/checkin";
import type { HttpPolicy } from "@/lib/vendors/http";
import { runAttendancePull, type PullSource } from "./pull";

export const ATTENDANCE_PULL_JOB = "attendance.pull";
export const TARGETED_PULL_LOOP = "attendance.targeted-pulls";

export const attendancePullPayload = z.object({
  source: z.enum(["wecom", "dingtalk"]).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** Vendors a scheduled pull reads: those with real credentials; in full simulator mode, both simulated ones. */
export function attendancePullSources(): PullSource[] {
  const real = (["wecom", "dingtalk"] as const).filter((v) => vendorMode(v) === "real");
  if (real.length) return [...real];
  return (["wecom", "dingtalk"] as const).filter((v) => vendorEnabled(v));
}

const attendancePull = defineJob({
  name: ATTENDANCE_PULL_JOB,
  payload: attendancePullPayload,
  cron: "*/30 * * * *",
  retryLimit: 1,
  handler: async ({ db }, data) => {
    for (const source of data.source ? [data.source] : attendancePullSources()) await runAttendancePull(db, { source, from: data.from, to: data.to });
  },
});

/** Claim due targeted pulls and run them. Returns how many person-days it took. */
export async function runTargetedPulls(db: Db, opts: { http?: Partial<HttpPolicy>; limit?: number } = {}): Promise<number> {
  // Claim by marking done first (a short statement, no lock held across vendor calls); a failure un-marks.
  const claimed = await db
    .update(attendancePullRequests)
    .set({ doneAt: sql`now()` })
    .where(
      sql`${attendancePullRequests.id} IN (SELECT id FROM attendance_pull_requests WHERE done_at IS NULL AND requested_at <= now() ORDER BY requested_at LIMIT ${opts.limit ?? 500} FOR UPDATE SKIP LOCKED)`,
    )
    .returning();
  if (!claimed.length) return 0;
  const groups = new Map<string, typeof claimed>();
  for (const r of claimed) groups.set(`${r.source}|${r.workDate}`, [...(groups.get(`${r.source}|${r.workDate}`) ?? []), r]);
  for (const [k, rows] of groups) {
    const [source, date] = k.split("|") as [PullSource, string];
    const size = source === "wecom" ? WECOM_CHECKIN_MAX_USERS : DINGTALK_ATTENDANCE_MAX_USERS;
    for (const part of chunk(rows, size)) {
      const run = await runAttendancePull(db, { source, from: date, to: date, externalUserIds: part.map((r) => r.externalUserId) }, { http: opts.http });
      if (run.status !== "succeeded") {
        for (const r of part) {
          await db
            .update(attendancePullRequests)
            .set({
              doneAt: null,
              attempts: r.attempts + 1,
              lastError: (run.errors[0] ?? run.status).slice(0, 500),
              requestedAt: sql`now() + make_interval(secs => ${Math.min(3600, 15 * 2 ** r.attempts)})`,
            })
            .where(and(eq(attendancePullRequests.id, r.id), isNotNull(attendancePullRequests.doneAt)));
        }
        log.warn({ source, date, users: part.length, status: run.status }, "targeted attendance pull failed; retrying later");
      }
    }
  }
  return claimed.length;
}

const targetedPulls: LoopDefinition = {
  name: TARGETED_PULL_LOOP,
  idleMs: 5_000,
  tick: ({ db }) => runTargetedPulls(db),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [attendancePull];
export const loops: LoopDefinition[] = [targetedPulls];
