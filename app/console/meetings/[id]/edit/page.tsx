// PC: edit a meeting (organiser or HR). Saving recomputes statuses and reports how many records changed.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { MeetingEditForm } from "@/components/meetings-ui/meeting-edit-form";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { meetingForEdit } from "@/lib/meetings/meeting-edit";
import { saveMeetingEdit } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleMeetingEditPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let m;
  try {
    m = await meetingForEdit(await getDb(), viewer, id);
  } catch (e) {
    // Not the organiser or HR: the same answer as a meeting that does not exist (do not reveal it).
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  const t = await getTranslations("meetingsUi.edit");
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/console/meetings/${id}`} className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-900">
          <ArrowLeft className="size-4" aria-hidden />
          {t("backToReport")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900" data-testid="edit-heading">{t("heading")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subheading")}</p>
      </div>
      <div className="max-w-[880px]">
        <MeetingEditForm
          layout="pc"
          save={saveMeetingEdit}
          meeting={{ ...m, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), ended: m.endsAt <= new Date() }}
        />
      </div>
    </div>
  );
}
