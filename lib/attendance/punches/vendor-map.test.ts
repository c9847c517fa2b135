// Vendor record → punch mapping and vendor day verdicts, table-driven (pure; no database).
import { describe, expect, it } from "vitest";
import type { DingtalkPunchRecord, DingtalkSlotResult } from "@/lib/vendors/dingtalk/attendance";
import type { WecomCheckinRecord, WecomDayReport } from "@/lib/vendors/wecom/checkin";
import { dingtalkDayVerdicts, mapDingtalkRecords, mapWecomRecords, ourVerdict, wecomDayVerdict } from "./vendor-map";

const SH = "Asia/Shanghai";
const emp = (u: string) => ({ zhangsan: 1, lisi: 2 })[u];
const s = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function wecom(over: Partial<WecomCheckinRecord>): WecomCheckinRecord {
  return {
    userid: "zhangsan",
    groupname: "标准班",
    checkin_type: "上班打卡",
    exception_type: "",
    checkin_time: s("2026-03-02T08:55:10+08:00"),
    location_title: "总部",
    location_detail: "",
    wifiname: "",
    wifimac: "",
    notes: "",
    mediaids: [],
    lat: 31190123,
    lng: 121437456,
    deviceid: "",
    sch_checkin_time: s("2026-03-02T09:00:00+08:00"),
    ...over,
  } as WecomCheckinRecord;
}

describe("WeCom getcheckindata → punches", () => {
  const cases: { name: string; rec: Partial<WecomCheckinRecord>; tz?: string; expect: Record<string, unknown> | null }[] = [
    { name: "上班打卡 is an in-punch at the UTC instant of checkin_time", rec: {}, expect: { direction: "in", punchedAt: "2026-03-02T00:55:10.000Z", localDate: "2026-03-02", field: false, suspicious: false } },
    { name: "下班打卡 is an out-punch", rec: { checkin_type: "下班打卡", checkin_time: s("2026-03-02T18:05:00+08:00"), sch_checkin_time: s("2026-03-02T18:00:00+08:00") }, expect: { direction: "out" } },
    { name: "未打卡 placeholder is dropped", rec: { exception_type: "未打卡", lat: 0, lng: 0, checkin_time: s("2026-03-02T09:00:00+08:00") }, expect: null },
    { name: "placeholder among other exceptions (;-joined) is dropped", rec: { exception_type: "时间异常;未打卡" }, expect: null },
    { name: "外出打卡 is a field punch with no direction", rec: { checkin_type: "外出打卡", sch_checkin_time: 0, notes: "拜访客户" }, expect: { field: true, direction: null, remark: "拜访客户" } },
    { name: "lat/lng are degrees × 10^6 in GCJ-02", rec: {}, expect: { location: { lat: 31.190123, lng: 121.437456, coord: "gcj02" } } },
    { name: "lat 0 / lng 0 means no location", rec: { lat: 0, lng: 0 }, expect: { location: null } },
    { name: "非常用设备 is kept on the punch as suspicious", rec: { exception_type: "非常用设备" }, expect: { suspicious: true, suspiciousReason: "非常用设备" } },
    { name: "00:30 Beijing time is that Beijing date, not the UTC date", rec: { checkin_time: s("2026-03-03T00:30:00+08:00") }, expect: { localDate: "2026-03-03", punchedAt: "2026-03-02T16:30:00.000Z" } },
    { name: "the date follows ORG_TIMEZONE (New York, DST)", rec: { checkin_time: s("2026-03-08T06:30:00Z") }, tz: "America/New_York", expect: { localDate: "2026-03-08" } },
    { name: "the date follows ORG_TIMEZONE (New York, the evening before)", rec: { checkin_time: s("2026-03-08T03:30:00Z") }, tz: "America/New_York", expect: { localDate: "2026-03-07" } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = mapWecomRecords([wecom(c.rec)], emp, c.tz ?? SH);
      if (c.expect === null) {
        expect(m.punches).toHaveLength(0);
        expect(m.placeholders).toBe(1);
        return;
      }
      expect(m.punches).toHaveLength(1);
      const p = { ...m.punches[0], punchedAt: m.punches[0].punchedAt.toISOString() };
      expect(p).toMatchObject(c.expect);
      expect(p.employeeId).toBe(1);
    });
  }

  it("record id: scheduled slot + type + rank, so a corrected time keeps the key", () => {
    const a = mapWecomRecords([wecom({})], emp, SH).punches[0];
    const b = mapWecomRecords([wecom({ checkin_time: s("2026-03-02T09:20:00+08:00") })], emp, SH).punches[0];
    expect(a.recordId).toBe(b.recordId);
    expect(a.recordId).toBe(`zhangsan:${s("2026-03-02T09:00:00+08:00")}:上班打卡:0`);
    const two = mapWecomRecords([wecom({ checkin_time: s("2026-03-02T08:59:00+08:00") }), wecom({ checkin_time: s("2026-03-02T08:40:00+08:00") })], emp, SH).punches;
    expect(two.map((p) => p.recordId.split(":").pop())).toEqual(["0", "1"]);
    expect(two[0].punchedAt.toISOString()).toBe("2026-03-02T00:40:00.000Z");
  });

  it("unknown users are counted, not guessed", () => {
    const m = mapWecomRecords([wecom({ userid: "stranger" })], emp, SH);
    expect(m.punches).toHaveLength(0);
    expect(m.unknownUsers).toEqual(["stranger"]);
  });
});

function ding(over: Partial<DingtalkPunchRecord>): DingtalkPunchRecord {
  return {
    id: 43047156750,
    userId: "lisi",
    userCheckTime: Date.parse("2026-03-02T08:58:25+08:00"),
    checkType: "OnDuty",
    timeResult: "Normal",
    locationResult: "Normal",
    isLegal: "Y",
    sourceType: "USER",
    userLatitude: 30.285413,
    userLongitude: 120.017139,
    ...over,
  } as DingtalkPunchRecord;
}

describe("DingTalk listRecord → punches", () => {
  const cases: { name: string; rec: Partial<DingtalkPunchRecord>; tz?: string; expect: Record<string, unknown> }[] = [
    { name: "userCheckTime ms → the UTC instant; OnDuty is in; id is the record id", rec: {}, expect: { punchedAt: "2026-03-02T00:58:25.000Z", direction: "in", recordId: "43047156750", localDate: "2026-03-02" } },
    { name: "OffDuty is out", rec: { checkType: "OffDuty" }, expect: { direction: "out" } },
    { name: "isLegal N stays on the punch with the vendor's reason", rec: { isLegal: "N", invalidRecordType: "Security", invalidRecordMsg: "疑似使用虚拟定位" }, expect: { suspicious: true, suspiciousReason: "Security: 疑似使用虚拟定位" } },
    { name: "isLegal N without a reason is still suspicious", rec: { isLegal: "N" }, expect: { suspicious: true, suspiciousReason: "isLegal=N" } },
    { name: "locationResult Outside is a field punch, outsideRemark its remark", rec: { locationResult: "Outside", outsideRemark: "拜访客户" }, expect: { field: true, remark: "拜访客户" } },
    { name: "coordinates are GCJ-02 degrees", rec: {}, expect: { location: { lat: 30.285413, lng: 120.017139, coord: "gcj02" } } },
    { name: "ids given as strings are the same record id", rec: { id: "43047156750" as unknown as number }, expect: { recordId: "43047156750" } },
    { name: "23:59:59 Beijing stays on that date", rec: { userCheckTime: Date.parse("2026-03-02T23:59:59+08:00") }, expect: { localDate: "2026-03-02" } },
    { name: "00:00:00 Beijing is the next date", rec: { userCheckTime: Date.parse("2026-03-03T00:00:00+08:00") }, expect: { localDate: "2026-03-03", punchedAt: "2026-03-02T16:00:00.000Z" } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = mapDingtalkRecords([ding(c.rec)], emp, c.tz ?? SH);
      expect(m.punches).toHaveLength(1);
      expect({ ...m.punches[0], punchedAt: m.punches[0].punchedAt.toISOString() }).toMatchObject(c.expect);
    });
  }
});

describe("day verdicts", () => {
  const day = (exceptions: number[], dayType = 0): WecomDayReport =>
    ({ base_info: { date: s("2026-03-02T00:00:00+08:00"), acctid: "zhangsan", day_type: dayType }, exception_infos: exceptions.map((e) => ({ exception: e, count: 1, duration: 60 })), holiday_infos: [], sp_items: [] }) as WecomDayReport;
  const wecomCases: [string, WecomDayReport, string[]][] = [
    ["no exception on a workday is normal", day([]), ["normal"]],
    ["no exception on a rest day is rest", day([], 1), ["rest"]],
    ["1 迟到 is late", day([1]), ["late"]],
    ["2 早退 is early leave", day([2]), ["early_leave"]],
    ["3 缺卡 is missing", day([3]), ["missing"]],
    ["4 旷工 is absent", day([4]), ["absent"]],
    ["5 地点异常 alone is normal (not a time verdict)", day([5]), ["normal"]],
    ["迟到 + 缺卡", day([3, 1]), ["late", "missing"]],
  ];
  for (const [name, r, v] of wecomCases) it(`WeCom: ${name}`, () => expect(wecomDayVerdict(r)).toMatchObject({ userid: "zhangsan", date: "2026-03-02", verdict: v }));

  const slot = (checkType: string, timeResult: string): DingtalkSlotResult => ({ userId: "lisi", workDate: Date.parse("2026-03-02T00:00:00+08:00"), checkType, timeResult, baseCheckTime: checkType === "OnDuty" ? 1 : 2 }) as DingtalkSlotResult;
  const dingCases: [string, DingtalkSlotResult[], string[]][] = [
    ["Normal + Normal", [slot("OnDuty", "Normal"), slot("OffDuty", "Normal")], ["normal"]],
    ["Late + Normal", [slot("OnDuty", "Late"), slot("OffDuty", "Normal")], ["late"]],
    ["SeriousLate counts as late", [slot("OnDuty", "SeriousLate"), slot("OffDuty", "Normal")], ["late"]],
    ["Normal + Early", [slot("OnDuty", "Normal"), slot("OffDuty", "Early")], ["early_leave"]],
    ["Normal + NotSigned is missing", [slot("OnDuty", "Normal"), slot("OffDuty", "NotSigned")], ["missing"]],
    ["NotSigned all day is absent", [slot("OnDuty", "NotSigned"), slot("OffDuty", "NotSigned")], ["absent"]],
    ["Absenteeism is absent", [slot("OnDuty", "Absenteeism"), slot("OffDuty", "Normal")], ["absent"]],
  ];
  for (const [name, rows, v] of dingCases) it(`DingTalk: ${name}`, () => expect(dingtalkDayVerdicts(rows)).toMatchObject([{ userid: "lisi", date: "2026-03-02", verdict: v }]));

  const ours: [string[], string[] | null][] = [
    [["normal"], ["normal"]],
    [["late"], ["late"]],
    [["serious_late", "missing_out"], ["late", "missing"]],
    [["absent"], ["absent"]],
    [["rest"], ["rest"]],
    [["leave"], null],
    [["trip", "normal"], null],
  ];
  for (const [statuses, v] of ours) it(`ours: ${statuses.join("+")} → ${v?.join("+") ?? "not compared"}`, () => expect(ourVerdict(statuses)).toEqual(v));
});

describe("chunking (lib/vendors/chunks)", () => {
  it("users in chunks of ≤100 / ≤50 and days in windows of ≤30 / ≤7", async () => {
    const { chunk, dayWindows } = await import("@/lib/vendors/chunks");
    const people = Array.from({ length: 10_000 }, (_, i) => `u${i}`);
    expect(chunk(people, 100).map((c) => c.length)).toEqual(Array(100).fill(100));
    expect(chunk(people.slice(0, 120), 50).map((c) => c.length)).toEqual([50, 50, 20]);
    expect(dayWindows("2026-11-01", "2026-12-01", 30)).toEqual([
      { first: "2026-11-01", last: "2026-11-30" },
      { first: "2026-12-01", last: "2026-12-01" },
    ]);
    const w7 = dayWindows("2026-12-01", "2026-12-31", 7);
    expect(w7).toHaveLength(5);
    expect(w7[4]).toEqual({ first: "2026-12-29", last: "2026-12-31" });
    expect(dayWindows("2026-12-02", "2026-12-01", 7)).toEqual([]);
  });
});
