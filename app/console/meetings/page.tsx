// 会议管理 (console): meetings in the viewer's scope with attendance, and participants to claim.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarX2, UserSearch } from "lucide-react";
import { Card } from "@/components/ui/card";
import { ExportButtons } from "@/components/exports/export-buttons";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleMeetings, unmatchedList } from "@/lib/meetings/queries";
import { formatDateTime, formatPercent } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { ClaimForm } from "./claim-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("meetingsConsole"))("title") };
}

export default async function ConsoleMeetingsPage() {
  const viewer = await requireViewer();
  const db = await getDb();
  const t = await getTranslations("meetingsConsole");
  const tp = await getTranslations("meetings.phase");
  const ctx = await formatContext();
  const [rows, unmatched] = await Promise.all([consoleMeetings(db, viewer), unmatchedList(db, viewer)]);
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500" data-testid="meetings-scope">{canSeeEveryone(viewer) ? t("subtitle") : t("subtitleScoped")}</p>
        </div>
        <ExportButtons report="meetings" />
      </div>
      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <EmptyState icon={<CalendarX2 />} title={t("empty")} />
        ) : (
          <table className="w-full text-left text-sm" data-testid="console-meetings">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                {(["title", "time", "organiser", "source", "invited", "present", "rate"] as const).map((k) => (
                  <th key={k} className={`px-4 py-2.5 font-medium ${["invited", "present", "rate"].includes(k) ? "text-right" : ""}`}>{t(`columns.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((m) => {
                const f = m.figures;
                return (
                  <tr key={m.id} className="hover:bg-slate-50">
                    <td className="px-4 py-2.5"><Link href={`/console/meetings/${m.id}`} className="font-medium text-slate-900 hover:text-brand-600">{m.title}</Link></td>
                    <td className="px-4 py-2.5 tabular-nums text-slate-600">{formatDateTime(m.startsAt, ctx)}</td>
                    <td className="px-4 py-2.5 text-slate-600">{m.organiser ?? "—"}</td>
                    <td className="px-4 py-2.5"><Badge tone={m.source === "local" ? "brand" : "neutral"}>{t(`source.${m.source}` as "source.local")}</Badge></td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{m.invited}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{f.phase === "upcoming" || f.phase === "cancelled" ? "—" : m.present}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums" data-testid="meeting-rate" data-phase={f.phase}>
                      {f.attendanceRate !== null ? formatPercent(f.attendanceRate, ctx.locale) : <span className="text-xs text-slate-400">{tp(f.phase)}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
      <Card className="p-5">
        <div className="flex items-start justify-between gap-4">
          <div>
            <h2 className="text-base font-semibold text-slate-900">{t("unmatched")}</h2>
            <p className="mt-1 text-xs text-slate-500">{t("unmatchedHint")}</p>
          </div>
          <ExportButtons report="unmatched" />
        </div>
        {unmatched.length === 0 ? (
          <EmptyState icon={<UserSearch />} title={t("noUnmatched")} className="py-6" />
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="unmatched-list">
            {unmatched.map(({ u, meetingTitle }) => (
              <li key={u.id} className="flex items-center justify-between gap-4 py-3">
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-900">{u.displayName ?? u.externalUserId} <span className="ml-1 text-xs font-normal text-slate-500">{t(`source.${u.source}` as "source.local")} · {u.externalUserId}{u.email ? ` · ${u.email}` : ""}</span></p>
                  <p className="text-xs text-slate-500">{meetingTitle ?? "—"} · {formatDateTime(u.lastSeenAt, ctx)}</p>
                </div>
                <ClaimForm unmatchedId={u.id} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
