// The vendors' states and forms → our snapshot (pure), table-driven.
import { describe, expect, it } from "vitest";
import { wecomApprovalDetail } from "@/lib/vendors/wecom/approval";
import { dingtalkProcessInstance } from "@/lib/vendors/dingtalk/workflow";
import { compareSnapshot, dingtalkSnapshot, wecomSnapshot } from "./snapshot";

const wecom = (sp_status: number, records: { user: string; status: number; at?: number }[] = [], contents: unknown[] = []) =>
  wecomSnapshot(
    wecomApprovalDetail.parse({
      sp_no: "202612060001",
      sp_name: "请假",
      sp_status,
      template_id: "T1",
      apply_time: 1_796_000_000,
      applyer: { userid: "zhangsan" },
      sp_record: records.map((r) => ({ sp_status: r.status, approverattr: 1, details: [{ approver: { userid: r.user }, speech: "", sp_status: r.status, sptime: r.at ?? 0 }] })),
      apply_data: { contents },
    }),
  );

describe("WeCom SpStatus → state (wecom.md §4.2)", () => {
  it.each([
    [1, "running"],
    [2, "agree"],
    [3, "refuse"],
    [4, "revoked"],
    [6, "revoked"],
    [7, "deleted"],
    [10, "agree"],
  ])("SpStatus %i → %s", (status, state) => {
    expect(wecom(status).state).toBe(state);
  });

  it("only the first node still 审批中 asks now; later nodes wait", () => {
    const s = wecom(1, [{ user: "a", status: 2, at: 1_796_000_100 }, { user: "b", status: 1 }, { user: "c", status: 1 }]);
    expect(s.tasks.map((t) => [t.userId, t.status])).toEqual([["a", "COMPLETED"], ["b", "RUNNING"], ["c", "NEW"]]);
    expect(s.version).toBe(1_796_000_100_000);
  });

  it("通过后撤销 (6) wins over the approval it undoes although it carries no newer time", () => {
    const approved = wecom(2, [{ user: "a", status: 2, at: 1_796_000_100 }]);
    const revoked = wecom(6, [{ user: "a", status: 2, at: 1_796_000_100 }]);
    expect(compareSnapshot(approved, revoked)).toBe("newer");
    expect(compareSnapshot(revoked, approved)).toBe("stale");
  });

  it.each([
    ["Vacation", { vacation: { selector: { options: [{ value: [{ text: "病假" }] }] }, attendance: { date_range: { new_begin: 1_796_572_800, new_end: 1_796_745_599 } } } }, { kind: "leave", leaveType: "病假", startDate: "2026-12-07", endDate: "2026-12-08" }],
    ["PunchCorrection", { punch_correction: { time: 1_796_605_200 } }, { kind: "correction", at: "2026-12-07T01:00:00.000Z" }],
    ["Attendance", { attendance: { type: 5, date_range: { new_begin: 1_796_518_800, new_end: 1_796_526_000 } } }, { kind: "overtime" }],
    ["Textarea", { text: "采购" }, { kind: "other" }],
  ])("control %s → form", (control, value, form) => {
    expect(wecom(2, [], [{ control, id: "x", title: [{ text: "t" }], value }]).form).toMatchObject(form);
  });
});

describe("DingTalk status + result → state (dingtalk.md §6.2)", () => {
  const dt = (status: string, result: string | null, extra: Record<string, unknown> = {}) =>
    dingtalkSnapshot("P1", "PROC", dingtalkProcessInstance.parse({ title: "请假", createTime: "2026-12-06T01:00:00Z", originatorUserId: "u1", status, result, ...extra }));
  it.each([
    ["RUNNING", null, "running"],
    ["COMPLETED", "agree", "agree"],
    ["COMPLETED", "refuse", "refuse"],
    ["TERMINATED", null, "revoked"],
  ])("%s / %s → %s", (status, result, state) => {
    expect(dt(status, result).state).toBe(state);
  });
  it("a second step within the same second still orders after the first (progress in the rank)", () => {
    const t = "2026-12-06T01:00:05Z";
    const one = dt("RUNNING", null, { tasks: [{ taskId: 1, userId: "a", status: "RUNNING", createTime: t }] });
    const two = dt("RUNNING", null, { tasks: [{ taskId: 1, userId: "a", status: "COMPLETED", result: "AGREE", createTime: t, finishTime: t }, { taskId: 2, userId: "b", status: "RUNNING", createTime: t }] });
    expect(compareSnapshot(one, two)).toBe("newer");
    expect(compareSnapshot(two, one)).toBe("stale");
    expect(compareSnapshot(two, two)).toBe("duplicate");
  });
  it("a leave form by its field names", () => {
    const s = dt("COMPLETED", "agree", { formComponentValues: [{ name: "请假类型", value: "年假" }, { name: "开始时间", value: "2026-12-07" }, { name: "结束时间", value: "2026-12-08" }] });
    expect(s.form).toEqual({ kind: "leave", leaveType: "年假", startDate: "2026-12-07", endDate: "2026-12-08", reason: "" });
  });
});
