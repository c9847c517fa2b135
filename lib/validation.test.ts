import { describe, expect, it } from "vitest";
import { findNul, isoDate, isoInstant } from "./validation";

describe("boundary rules", () => {
  it("finds a NUL anywhere in strings, arrays, objects and form data, with its path", () => {
    expect(findNul("ok")).toBeNull();
    expect(findNul("a\0b")).toBe("(value)");
    expect(findNul({ title: "周会", invitees: ["QD1", "Q\0D2"] })).toBe("invitees.1");
    expect(findNul({ "k\0": 1 })).toBe("k\0");
    const f = new FormData();
    f.set("name", "接口");
    expect(findNul(f)).toBeNull();
    f.set("note", "x\0");
    expect(findNul(f)).toBe("note");
    expect(findNul([[1, "a"], ["b", "c\0"]])).toBe("1.1");
    expect(findNul(new Date())).toBeNull();
  });

  it("dates and instants PostgreSQL and our date arithmetic can hold (2000–2999)", () => {
    expect(isoDate().safeParse("2026-11-23").success).toBe(true);
    for (const bad of ["0000-01-01", "1999-12-31", "3000-01-01", "2026-02-30", "2026-11-23T00:00:00Z"]) expect(isoDate().safeParse(bad).success, bad).toBe(false);
    expect(isoInstant().parse("2026-11-23T08:00:00+08:00").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    for (const bad of ["0000-01-01T00:00:00Z", "2999-12-31T23:00:00-23:00", "2026-11-23 08:00"]) expect(isoInstant().safeParse(bad).success, bad).toBe(false);
  });
});
