// A small "edit meeting" link for the meeting page, shown only to whoever may edit (organiser or HR).
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PencilLine } from "lucide-react";

export async function EditMeetingLink({ meetingId, canManage }: { meetingId: number; canManage: boolean }) {
  if (!canManage) return null;
  const t = await getTranslations("meetingsUi.edit");
  return (
    <Link
      href={`/meetings/${meetingId}/edit`}
      data-testid="edit-meeting-link"
      className="flex h-11 items-center justify-center gap-1.5 rounded-xl border border-slate-200 bg-white text-[14px] font-medium text-slate-700 active:bg-slate-50"
    >
      <PencilLine className="size-4" aria-hidden />
      {t("link")}
    </Link>
  );
}
