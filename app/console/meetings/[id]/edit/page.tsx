// PC: edit a meeting (organiser or HR). Saving recomputes statuses and reports how many records changed.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { MeetingEditForm } from "@/components/meetings-ui/meeting-edit-form";
import { loadMeetingForEditPage } from "./load";
import { saveMeetingEdit } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleMeetingEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id, meeting } = await loadMeetingForEditPage(params);
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
          meeting={meeting}
        />
      </div>
    </div>
  );
}
