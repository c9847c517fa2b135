// Every vendor attendance write is sent by its own sender, never as a chat message: each WRITE_KINDS kind is a
// custom kind of the notification sender, and has a sender. (attendance_approve_cancel once was not, so a revoke's
// DingTalk approve/cancel went out as a work notice to the employee instead.)
import { describe, expect, it } from "vitest";
import { isCustomKind } from "@/lib/notifications/custom";
import { attendanceWriteSenders } from "./dispatch";
import { WRITE_KINDS } from "./enqueue";

describe("vendor attendance writes", () => {
  it.each(Object.entries(WRITE_KINDS))("%s (%s) is a custom kind with a sender", (_name, kind) => {
    expect(isCustomKind(kind)).toBe(true);
    expect(attendanceWriteSenders[kind]).toBeDefined();
  });
});
