// The 审批超时 schedule, pure: named cases for the stage times and what a pass does at a given instant, and
// properties over any deadline, timeout, quiet hours, time zone and sequence of passes (each stage claimed exactly
// once, never early, never inside quiet hours; escalation and automatic decisions never dropped).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StepTimeout } from "@/db/schema/approval-flows";
import { inQuietHours, outOfQuietHours, planStages, stagesOf, type QuietHours, type Stage } from "./schedule";

const TZ = "Asia/Shanghai";
const QUIET: QuietHours = { quietStart: "22:00", quietEnd: "08:00" };
const NONE: QuietHours = { quietStart: "00:00", quietEnd: "00:00" };
/** Wall clock in Shanghai → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const shown = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
const brief = (s: Stage) => `${s.kind}${s.kind === "remind" ? s.n : ""}@${shown(s.dueAt)}`;

const FULL: StepTimeout = { hours: 4, remindMax: 2, escalateTo: ["leader", "hr"], autoAction: "agree" };

describe("stagesOf: when each stage is due", () => {
  const cases: { name: string; deadline: string; timeout: StepTimeout; quiet: QuietHours; want: string[] }[] = [
    {
      name: "no quiet hours: from the deadline, one every `hours` — reminders, escalation, then the automatic decision",
      deadline: "2026-12-07T10:00",
      timeout: FULL,
      quiet: NONE,
      want: ["remind1@2026-12-07 10:00", "remind2@2026-12-07 14:00", "escalate@2026-12-07 18:00", "auto@2026-12-07 22:00"],
    },
    {
      name: "a stage falling in quiet hours waits for 08:00",
      deadline: "2026-12-07T10:00",
      timeout: FULL,
      quiet: QUIET,
      want: ["remind1@2026-12-07 10:00", "remind2@2026-12-07 14:00", "escalate@2026-12-07 18:00", "auto@2026-12-08 08:00"],
    },
    {
      name: "a deadline at night: the first reminder at 08:00, the next an interval after it (not two at 08:00)",
      deadline: "2026-12-07T23:30",
      timeout: { hours: 1, remindMax: 3, escalateTo: ["hr"] },
      quiet: QUIET,
      want: ["remind1@2026-12-08 08:00", "remind2@2026-12-08 09:00", "remind3@2026-12-08 10:00", "escalate@2026-12-08 11:00"],
    },
    {
      name: "an interval crossing the night lands at 08:00 the next day",
      deadline: "2026-12-07T20:00",
      timeout: { hours: 3, remindMax: 2, escalateTo: ["leader"] },
      quiet: QUIET,
      want: ["remind1@2026-12-07 20:00", "remind2@2026-12-08 08:00", "escalate@2026-12-08 11:00"],
    },
    { name: "reminders only (no escalation, no automatic decision)", deadline: "2026-12-07T09:00", timeout: { hours: 24, remindMax: 2, escalateTo: [] }, quiet: QUIET, want: ["remind1@2026-12-07 09:00", "remind2@2026-12-08 09:00"] },
    { name: "no reminders: escalation at the deadline, refusal an interval later", deadline: "2026-12-07T09:00", timeout: { hours: 2, remindMax: 0, escalateTo: ["hr"], autoAction: "refuse" }, quiet: QUIET, want: ["escalate@2026-12-07 09:00", "auto@2026-12-07 11:00"] },
    { name: "half-hour intervals", deadline: "2026-12-07T09:00", timeout: { hours: 0.5, remindMax: 1, escalateTo: ["hr"] }, quiet: QUIET, want: ["remind1@2026-12-07 09:00", "escalate@2026-12-07 09:30"] },
    { name: "an unusable timeout (no hours) has no stages", deadline: "2026-12-07T09:00", timeout: { hours: 0, remindMax: 2, escalateTo: ["hr"] }, quiet: QUIET, want: [] },
    { name: "a timeout with nothing to do has no stages", deadline: "2026-12-07T09:00", timeout: { hours: 4, remindMax: 0, escalateTo: [] }, quiet: QUIET, want: [] },
  ];
  it.each(cases)("$name", ({ deadline, timeout, quiet, want }) => {
    expect(stagesOf(sh(deadline), timeout, quiet, TZ).map(brief)).toEqual(want);
  });
});

describe("planStages: what a pass at `now` does", () => {
  const deadline = sh("2026-12-07T10:00"); // stages: remind1 10:00, remind2 14:00, escalate 18:00, auto 08:00 next day
  const cases: { name: string; done: number; now: string; fire: string[]; skip: string[]; next: string | null }[] = [
    { name: "before the deadline: nothing; the first reminder is next, at the deadline", done: 0, now: "2026-12-07T09:59", fire: [], skip: [], next: "remind1@2026-12-07 10:00" },
    { name: "at the deadline: the first reminder", done: 0, now: "2026-12-07T10:00", fire: ["remind1@2026-12-07 10:00"], skip: [], next: "remind2@2026-12-07 14:00" },
    { name: "reminder 1 done, an hour later: nothing until the second", done: 1, now: "2026-12-07T11:00", fire: [], skip: [], next: "remind2@2026-12-07 14:00" },
    { name: "the loop was down across both reminders: only the latest is sent", done: 0, now: "2026-12-07T15:00", fire: ["remind2@2026-12-07 14:00"], skip: ["remind1@2026-12-07 10:00"], next: "escalate@2026-12-07 18:00" },
    { name: "down past the escalation: the reminders are superseded, the escalation is sent", done: 0, now: "2026-12-07T19:00", fire: ["escalate@2026-12-07 18:00"], skip: ["remind1@2026-12-07 10:00", "remind2@2026-12-07 14:00"], next: "auto@2026-12-08 08:00" },
    { name: "inside quiet hours: nothing is sent; the next stage waits for 08:00", done: 3, now: "2026-12-07T23:00", fire: [], skip: [], next: "auto@2026-12-08 08:00" },
    { name: "the escalation missed before the night is sent at 08:00, with the automatic decision due then", done: 2, now: "2026-12-08T08:00", fire: ["escalate@2026-12-07 18:00", "auto@2026-12-08 08:00"], skip: [], next: null },
    { name: "a complete series does nothing", done: 4, now: "2026-12-09T12:00", fire: [], skip: [], next: null },
  ];
  it.each(cases)("$name", ({ done, now, fire, skip, next }) => {
    const p = planStages(deadline, FULL, QUIET, TZ, sh(now), done);
    expect({ fire: p.fire.map(brief), skip: p.skip.map(brief), next: p.next ? brief(p.next.stage) : null }).toEqual({ fire, skip, next });
  });

  it("quiet hours at `now` give the time the next stage may run (08:00), even when it was due earlier", () => {
    const p = planStages(deadline, FULL, QUIET, TZ, sh("2026-12-08T02:00"), 2);
    expect(p.next && [brief(p.next.stage), shown(p.next.at)]).toEqual(["escalate@2026-12-07 18:00", "2026-12-08 08:00"]);
  });
});

describe("quiet hours", () => {
  it.each([
    ["21:59 is not quiet", "2026-12-07T21:59", false],
    ["22:00 is quiet", "2026-12-07T22:00", true],
    ["03:00 is quiet", "2026-12-08T03:00", true],
    ["08:00 is not quiet", "2026-12-08T08:00", false],
  ])("%s", (_n, at, want) => expect(inQuietHours(sh(at), QUIET, TZ)).toBe(want));
  it("start == end means none", () => expect(inQuietHours(sh("2026-12-08T03:00"), NONE, TZ)).toBe(false));
  it("23:00 moves to 08:00 the next day, 03:00 to 08:00 the same day", () => {
    expect(shown(outOfQuietHours(sh("2026-12-07T23:00"), QUIET, TZ))).toBe("2026-12-08 08:00");
    expect(shown(outOfQuietHours(sh("2026-12-08T03:00"), QUIET, TZ))).toBe("2026-12-08 08:00");
  });
});

// ---- properties ----

const HOUR = 3_600_000;
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const quietArb: fc.Arbitrary<QuietHours> = fc.oneof(fc.constant(NONE), fc.constant(QUIET), fc.record({ quietStart: hhmm, quietEnd: hhmm }));
const tzArb = fc.constantFrom("Asia/Shanghai", "UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin");
const timeoutArb: fc.Arbitrary<StepTimeout> = fc.record(
  {
    hours: fc.integer({ min: 1, max: 96 }).map((half) => half / 2),
    remindMax: fc.integer({ min: 0, max: 5 }),
    escalateTo: fc.subarray(["leader", "hr"] as ("leader" | "hr")[]),
    autoAction: fc.constantFrom("agree", "refuse") as fc.Arbitrary<"agree" | "refuse">,
  },
  { requiredKeys: ["hours", "remindMax", "escalateTo"] },
);
const instantArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
const quietLengthMs = (q: QuietHours) => {
  const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return (((m(q.quietEnd) - m(q.quietStart)) % 1440) + 1440) % 1440 * 60_000 + 2 * HOUR; // + a DST hour of slack
};

describe("properties of the schedule", () => {
  it("the series has the stages the timeout names, in order: reminders, escalation, automatic decision", () => {
    fc.assert(
      fc.property(instantArb, timeoutArb, quietArb, tzArb, (d, t, q, tz) => {
        const kinds = stagesOf(d, t, q, tz).map((s) => s.kind);
        const want = [...Array(t.remindMax).fill("remind"), ...(t.escalateTo.length ? ["escalate"] : []), ...(t.autoAction ? ["auto"] : [])];
        expect(kinds).toEqual(want);
      }),
    );
  });

  it("no stage is early, none falls in quiet hours, they are at least `hours` apart, and quiet hours delay each by less than their length", () => {
    fc.assert(
      fc.property(instantArb, timeoutArb, quietArb, tzArb, (d, t, q, tz) => {
        const s = stagesOf(d, t, q, tz);
        s.forEach((x, i) => {
          expect(inQuietHours(x.dueAt, q, tz)).toBe(false);
          const earliest = i === 0 ? d.getTime() : s[i - 1].dueAt.getTime() + t.hours * HOUR;
          expect(x.dueAt.getTime()).toBeGreaterThanOrEqual(earliest);
          expect(x.dueAt.getTime() - earliest).toBeLessThan(quietLengthMs(q));
          expect(x.no).toBe(i + 1);
        });
      }),
    );
  });

  it("without quiet hours, stage i is due exactly deadline + (i−1)·hours", () => {
    fc.assert(
      fc.property(instantArb, timeoutArb, tzArb, (d, t, tz) => {
        stagesOf(d, t, NONE, tz).forEach((x, i) => expect(x.dueAt.getTime()).toBe(d.getTime() + i * t.hours * HOUR));
      }),
    );
  });

  it("over any sequence of passes, every stage is claimed exactly once, in order, never early, never in quiet hours; escalation and auto are always carried out; at most one 催办 a pass", () => {
    fc.assert(
      fc.property(instantArb, timeoutArb, quietArb, tzArb, fc.array(fc.integer({ min: -2 * 24 * 60, max: 14 * 24 * 60 }), { maxLength: 40 }), (d, t, q, tz, offsets) => {
        const all = stagesOf(d, t, q, tz);
        const ticks = [...new Set(offsets)].sort((a, b) => a - b).map((m) => new Date(d.getTime() + m * 60_000));
        const claimed: { s: Stage; fired: boolean; at: Date }[] = [];
        for (const now of ticks) {
          const p = planStages(d, t, q, tz, now, claimed.length);
          if (inQuietHours(now, q, tz)) expect(p.fire.length + p.skip.length).toBe(0);
          expect(p.fire.filter((s) => s.kind === "remind").length).toBeLessThanOrEqual(1);
          const batch = [...p.skip.map((s) => ({ s, fired: false, at: now })), ...p.fire.map((s) => ({ s, fired: true, at: now }))].sort((a, b) => a.s.no - b.s.no);
          claimed.push(...batch);
          if (p.next) {
            expect(p.next.at.getTime()).toBeGreaterThan(now.getTime());
            expect(p.next.stage.no).toBe(claimed.length + 1);
          } else expect(claimed.length).toBe(all.length);
        }
        expect(claimed.map((c) => c.s.no)).toEqual(all.slice(0, claimed.length).map((s) => s.no));
        for (const c of claimed) {
          expect(c.s.dueAt.getTime()).toBeLessThanOrEqual(c.at.getTime());
          if (c.s.kind !== "remind") expect(c.fired).toBe(true);
        }
        // Nothing due by the last pass outside quiet hours is left unclaimed.
        const lastOpen = [...ticks].reverse().find((x) => !inQuietHours(x, q, tz));
        if (lastOpen) expect(claimed.length).toBe(all.filter((s) => s.dueAt.getTime() <= lastOpen.getTime()).length);
      }),
      { numRuns: 300 },
    );
  });
});
