// One line for the rule a day runs under ("标准班 09:00–18:00 · 午休 12:00–13:00 · 宽限 5 分钟"), for the server
// page and the client calendar alike (no imports: it stays out of the client bundle's way).
import type { ShiftSummary } from "@/lib/attendance/my-attendance";

type T = (key: string, values?: Record<string, string | number>) => string;

export const hhmm = (m: number) => {
  const x = ((m % 1440) + 1440) % 1440;
  return `${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`;
};

export function shiftLine(t: T, s: ShiftSummary): string {
  if (s.kind === "free") return t("shift.free", { name: s.name });
  if (s.kind === "flexible" && s.flexEarliest != null && s.flexLatest != null) {
    const hours = Math.round(((s.requiredMinutes ?? 0) / 60) * 10) / 10;
    return t("shift.flexible", { name: s.name, earliest: hhmm(s.flexEarliest), latest: hhmm(s.flexLatest), hours });
  }
  if (s.start == null || s.end == null) return s.name;
  const parts = [t(s.end >= 1440 ? "shift.night" : "shift.fixed", { name: s.name, start: hhmm(s.start), end: hhmm(s.end) })];
  for (const r of s.rests) parts.push(t("shift.rest", { start: hhmm(r.start), end: hhmm(r.end) }));
  if (s.graceMinutes > 0) parts.push(t("shift.grace", { minutes: s.graceMinutes }));
  return parts.join(" · ");
}
