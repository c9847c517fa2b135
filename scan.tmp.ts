import { wallInstant, wallOf } from "@/lib/meetings/series-rules";
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
let bad = 0, n = 0;
for (const tz of ["Pacific/Chatham", "Australia/Lord_Howe", "America/Santiago", "America/St_Johns", "America/New_York", "Australia/Sydney"]) {
  for (let d = Date.UTC(2000, 0, 1); d <= Date.UTC(2040, 11, 31); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    for (let m = 0; m < 24 * 60; m += 30) {
      const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
      const w = wallOf(wallInstant(date, time, tz), tz); n++;
      const shift = minutes(w.time) - minutes(time);
      if (w.date !== date || !(shift === 0 || (shift > 0 && shift <= 60))) { if (bad++ < 5) console.log(tz, date, time, "→", w.date, w.time); }
    }
  }
}
console.log("checked", n, "bad", bad);
