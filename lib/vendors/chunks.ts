// Cutting a pull into the pieces a vendor API accepts: users in chunks of ≤ N, time in windows of ≤ M days.
// Windows are whole days (the check-in APIs work by day) from a list of YYYY-MM-DD dates; the caller turns a
// window into the instants of its own time zone.

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Consecutive runs of at most `days` dates from `from` to `to` (inclusive, YYYY-MM-DD). */
export function dayWindows(from: string, to: string, days: number): { first: string; last: string }[] {
  if (to < from) return [];
  const out: { first: string; last: string }[] = [];
  let first = from;
  while (first <= to) {
    let last = addDay(first, days - 1);
    if (last > to) last = to;
    out.push({ first, last });
    first = addDay(last, 1);
  }
  return out;
}

function addDay(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
