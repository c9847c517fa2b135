// 会议请假 / 缺席说明: one of my meetings (pre-selected from ?m=, e.g. the meeting page's 请假 link), a reason
// category and a note; the approval path (the organiser, by default) shown before submit. Server component; the
// form is the only client code (no zod in the browser).
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { meetings } from "@/db/schema";
import { EXCUSE_CATEGORIES } from "@/lib/approvals/flows/schemas";
import { requireViewer } from "@/lib/auth/session";
import { EXCUSE_DAYS_AFTER, excusableMeetings } from "@/lib/meetings/excuses";
import { isInvited } from "@/lib/meetings/mutations";
import { formatDay, formatTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { parseId } from "@/lib/validation";
import { ExcuseForm } from "./excuse-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("meetingExcuse");
  return { title: t("title") };
}

export default async function ApplyMeetingExcusePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const raw = (await searchParams).m;
  const m = Array.isArray(raw) ? raw[0] : raw;
  const preselected = m ? parseId(m) : null;
  const t = await getTranslations("meetingExcuse");
  const tt = await getTranslations("todos");
  const ctx = await formatContext();
  const db = await getDb();
  const list = await excusableMeetings(db, viewer.employeeId);
  const options: { id: number; when: "before" | "after"; label: string; unavailable?: boolean }[] = list.map((m) => ({ id: m.id, when: m.when, label: `${m.title} · ${formatDay(m.startsAt, ctx)} ${formatTime(m.startsAt, ctx)}` }));
  // A meeting named in ?m= but not excusable stays selected: the preview then says why (not invited, too late …);
  // its title shows only to an invitee (nobody learns other meetings' titles from this page).
  if (preselected !== null && !options.some((o) => o.id === preselected)) {
    const [x] = await db.select({ title: meetings.title, startsAt: meetings.startsAt }).from(meetings).where(eq(meetings.id, preselected));
    const label = x && (await isInvited(db, preselected, viewer.employeeId)) ? `${x.title} · ${formatDay(x.startsAt, ctx)} ${formatTime(x.startsAt, ctx)}` : t("chooseMeeting");
    options.unshift({ id: preselected, when: x && x.startsAt <= new Date() ? "after" : "before", label, unavailable: true });
  }
  const initial = preselected ?? options[0]?.id ?? null;
  return (
    <>
      <TopBar title={t("title")} backHref={preselected ? `/meetings/${preselected}` : "/todos"} backLabel={preselected ? t("meeting") : tt("title")} />
      <PageBody>
        <ClientIntl namespaces={["meetingExcuse"]}>
          <ExcuseForm meetings={options} categories={EXCUSE_CATEGORIES} initialMeetingId={initial} daysAfter={EXCUSE_DAYS_AFTER} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
