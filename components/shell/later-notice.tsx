import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

/** A feature that arrives in a later release, said plainly: what it is, a "coming later" badge, what it will do. */
export async function LaterNotice({ icon, title, hint }: { icon: React.ReactNode; title: string; hint: string }) {
  const tc = await getTranslations("common");
  return (
    <Card className="flex items-start gap-3 p-4" data-testid="later-notice">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-xl bg-slate-100 text-slate-400 [&_svg]:size-5">{icon}</span>
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 text-[14px] font-medium text-slate-800">
          {title} <Badge tone="brand">{tc("comingLater")}</Badge>
        </p>
        <p className="mt-1 text-xs leading-5 text-slate-500">{hint}</p>
      </div>
    </Card>
  );
}
