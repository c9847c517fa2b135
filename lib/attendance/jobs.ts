import { z } from "zod";
import { defineJob, type JobDefinition, type LoopDefinition } from "@/lib/jobs/types";

// Jobs of the attendance domain; lib/jobs/registry.ts collects them.

/** Daily (and at startup, db/startup.ts): the calendar against chinese-days; changed dates recompute via the inbox. */
export const calendarRefreshJob = defineJob({
  name: "attendance.calendar-refresh",
  payload: z.object({}).passthrough(),
  cron: "20 3 * * *",
  retryLimit: 3,
  async handler({ db }) {
    const { refreshCalendarAndRecompute } = await import("./calendar-refresh");
    await refreshCalendarAndRecompute(db);
  },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [calendarRefreshJob];
// Once a minute: reminders are due on whole minutes and the outbox dedupes, so a slower clock only delays them.
export const loops: LoopDefinition[] = [
  {
    name: "attendance.reminders",
    idleMs: 60_000,
    tick: async ({ db }) => (await import("./reminders")).runAttendanceReminders(db),
  },
  // The DingTalk ↔ WeCom bridge: a full batch runs the next tick at once; the lag check (and its admin alert) rides along.
  {
    name: "attendance.bridge",
    idleMs: 5_000,
    tick: async ({ db }) => {
      const { runAttendanceBridge } = await import("./bridge/send");
      const { checkBridgeLag } = await import("./bridge/status");
      const n = await runAttendanceBridge(db);
      await checkBridgeLag(db);
      return n;
    },
  },
];
