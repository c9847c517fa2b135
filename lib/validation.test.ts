import { describe, expect, it } from "vitest";
import { findNul, formFields, isoDate, isoInstant, jsonTooDeep, parseId } from "./validation";

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

describe("object rules after a field failed", () => {
  it("impossible instants are a field error, not a TypeError from a refine (was a 500)", async () => {
    const { leaveInput, meetingInput } = await import("@/lib/meetings/schemas");
    for (const bad of ["2026-02-30T01:00:00Z", "+275760-09-13T00:00:00Z"]) {
      for (const field of ["startsAt", "endsAt"]) {
        const times = { startsAt: "2026-03-01T01:00:00Z", endsAt: "2026-03-01T02:00:00Z", [field]: bad };
        const leave = leaveInput.safeParse({ employeeId: 1, ...times });
        expect(leave.success).toBe(false);
        expect(leave.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
        const meeting = meetingInput.safeParse({ title: "周会", ...times });
        expect(meeting.success).toBe(false);
        expect(meeting.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
      }
    }
  });
});

describe("JSON depth and path ids", () => {
  it("refuses nesting past 64 without recursing (100k deep), ignoring brackets inside strings", () => {
    expect(jsonTooDeep("[".repeat(100_000) + "]".repeat(100_000))).toBe(true);
    expect(jsonTooDeep("[".repeat(64) + "]".repeat(64))).toBe(false);
    expect(jsonTooDeep("[".repeat(65) + "]".repeat(65))).toBe(true);
    expect(jsonTooDeep(JSON.stringify({ a: "[".repeat(1000), b: "\\\"{{{{" }))).toBe(false);
  });
  it("ids are decimal digits within a safe integer", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId("999999999999999")).toBe(999_999_999_999_999);
    for (const bad of ["99999999999999999999", "1e3", "0x10", " 5", "0", "-1", "05"]) expect(parseId(bad), bad).toBeNull();
  });
});

describe("form action arguments", () => {
  it("a FormData gives its fields; anything a forged call can encode instead gives null", () => {
    const fd = new FormData();
    fd.set("id", "7");
    fd.set("note", "好");
    expect(formFields(fd)).toEqual({ id: "7", note: "好" });
    for (const bad of [undefined, null, "x", Infinity, { id: "7" }, [["id", "7"]]]) expect(formFields(bad), String(bad)).toBeNull();
  });
});
