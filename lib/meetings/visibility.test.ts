// What a signed-in employee can learn about, or take over from, meetings that are not theirs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";
import { createMeeting, qrSecret } from "./mutations";
import { meetingForCheckIn } from "./queries";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: Person[];
const soon = (title: string, over: Record<string, unknown> = {}) =>
  meetingInput.parse({ title, startsAt: new Date(Date.now() + 5 * 60_000).toISOString(), endsAt: new Date(Date.now() + 65 * 60_000).toISOString(), ...over });

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await firstPeople(db, 5);
});
afterAll(async () => t?.close());

describe("the check-in page of an invite-only meeting", () => {
  it("shows nothing to someone uninvited without a genuine code; invitees, the organiser, HR and code holders see it", async () => {
    const m = await createMeeting(db, viewerOf(people[0]), soon("董事会闭门会", { inviteeIds: [people[1].id], inviteOnly: true, locationName: "18 层董事会议室" }));
    const stranger = viewerOf(people[2]);
    expect(await meetingForCheckIn(db, stranger, m.id)).toBeNull();
    expect(await meetingForCheckIn(db, stranger, m.id, { code: "forged-code" })).toBeNull();
    const secret = await qrSecret(db);
    expect(await meetingForCheckIn(db, stranger, m.id, { code: qrCode(secret, m.id + 1, new Date()).code })).toBeNull(); // another meeting's code
    // A genuine code, current or already expired, means they saw the organiser's screen: they get the page (and,
    // when they try, the refusal "not invited").
    expect(await meetingForCheckIn(db, stranger, m.id, { code: qrCode(secret, m.id, new Date()).code })).toMatchObject({ title: "董事会闭门会", invited: false });
    expect(await meetingForCheckIn(db, stranger, m.id, { code: qrCode(secret, m.id, new Date(Date.now() - 10 * 60_000)).code })).toMatchObject({ invited: false });
    expect(await meetingForCheckIn(db, viewerOf(people[1]), m.id)).toMatchObject({ title: "董事会闭门会", invited: true, locationName: "18 层董事会议室" });
    expect(await meetingForCheckIn(db, viewerOf(people[0]), m.id)).toMatchObject({ title: "董事会闭门会", invited: false, locationName: "18 层董事会议室" });
    expect(await meetingForCheckIn(db, viewerOf(people[3], new Set(["employee", "hr"])), m.id)).toMatchObject({ title: "董事会闭门会", invited: false, locationName: "18 层董事会议室" });
    // An open meeting is visible to anyone with its id (anyone may check in).
    const open = await createMeeting(db, viewerOf(people[0]), soon("全员开放日", { inviteOnly: false }));
    expect(await meetingForCheckIn(db, stranger, open.id)).toMatchObject({ title: "全员开放日" });
  });
});

describe("linking a video meeting", () => {
  it("refuses a video meeting another organiser already linked (409, nothing written); the same organiser may link it again; HR may link any", async () => {
    const mine = await createMeeting(db, viewerOf(people[0]), { ...soon("周会（第 1 周）"), videoSource: "tencent_meeting", videoMeetingId: "VID-777" });
    const before = await db.select({ id: meetings.id }).from(meetings);
    await expect(createMeeting(db, viewerOf(people[2]), { ...soon("截胡"), videoSource: "tencent_meeting", videoMeetingId: "VID-777" })).rejects.toMatchObject({ status: 409 });
    expect(await db.select({ id: meetings.id }).from(meetings)).toHaveLength(before.length);
    // A different vendor's meeting with the same number is another meeting.
    await expect(createMeeting(db, viewerOf(people[2]), { ...soon("Zoom 会"), videoSource: "zoom", videoMeetingId: "VID-777" })).resolves.toMatchObject({ videoSource: "zoom" });
    const again = await createMeeting(db, viewerOf(people[0]), { ...soon("周会（第 2 周）"), videoSource: "tencent_meeting", videoMeetingId: "VID-777" });
    expect(again.id).not.toBe(mine.id);
    await expect(createMeeting(db, viewerOf(people[3], new Set(["employee", "hr"])), { ...soon("人事代建"), videoSource: "tencent_meeting", videoMeetingId: "VID-777" })).resolves.toMatchObject({ title: "人事代建", organizerId: people[3].id, videoSource: "tencent_meeting", videoMeetingId: "VID-777" });
  });

  it("refuses a video meeting the vendor created for another organiser; a cancelled one does not block", async () => {
    await db.insert(meetings).values({ source: "tencent_meeting", externalId: "VID-888", occurrenceId: "", title: "腾讯会议", organizerId: people[1].id, startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), businessDate: "2026-11-23" });
    await expect(createMeeting(db, viewerOf(people[2]), { ...soon("截胡"), videoSource: "tencent_meeting", videoMeetingId: "VID-888" })).rejects.toMatchObject({ status: 409 });
    await expect(createMeeting(db, viewerOf(people[1]), { ...soon("我自己的"), videoSource: "tencent_meeting", videoMeetingId: "VID-888" })).resolves.toMatchObject({ title: "我自己的", organizerId: people[1].id, videoMeetingId: "VID-888" });
    await db.update(meetings).set({ status: "cancelled" }).where(eq(meetings.externalId, "VID-888"));
    await db.update(meetings).set({ status: "cancelled" }).where(eq(meetings.videoMeetingId, "VID-888"));
    await expect(createMeeting(db, viewerOf(people[2]), { ...soon("现在可以"), videoSource: "tencent_meeting", videoMeetingId: "VID-888" })).resolves.toMatchObject({ title: "现在可以", organizerId: people[2].id, videoMeetingId: "VID-888" });
  });
});
