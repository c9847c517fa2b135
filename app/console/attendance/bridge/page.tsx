// 考勤互通 (the DingTalk ↔ WeCom attendance bridge): the direction an admin chose, and per direction the queue, the
// lag, sends in the last hour and the latest failures with their reasons. HR reads; admins change the direction.
import { getFormatter, getTranslations } from "next-intl/server";
import { BridgeSettingsForm } from "@/components/attendance-bridge/bridge-settings-form";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { BRIDGE_MAX_BACKFILL_DAYS } from "@/lib/attendance/bridge/settings";
import { bridgeStatus, type BridgeDirectionStatus } from "@/lib/attendance/bridge/status";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { addDays, businessDate } from "@/lib/time";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceBridge"))("heading") };
}

export default async function AttendanceBridgePage() {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceBridge");
  if (!canSeeEveryone(viewer)) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="bridge-heading">
          {t("heading")}
        </h1>
        <ForbiddenCard body={t("forbidden")} />
      </div>
    );
  }
  const fmt = await getFormatter();
  const status = await bridgeStatus(await getDb(), viewer);
  const today = businessDate(new Date());
  const both = status.vendorsConfigured.wecom && status.vendorsConfigured.dingtalk;
  const duration = (s: number) => (s < 90 ? t("seconds", { n: s }) : s < 5400 ? t("minutes", { n: Math.round(s / 60) }) : t("hours", { n: Math.round(s / 360) / 10 }));
  const direction = (d: BridgeDirectionStatus) => {
    const waiting = d.counts.pending + d.counts.sending + d.counts.unknown + d.counts.failed;
    const behind = d.lagSeconds !== null && d.lagSeconds >= status.lagAlertSeconds;
    return (
      <Card key={d.direction} data-testid={`bridge-${d.direction}`}>
        <CardHeader>
          <div className="flex flex-wrap items-center gap-2">
            <CardTitle>{t(`direction.${d.direction}`)}</CardTitle>
            <Badge tone={!d.enabled ? "neutral" : behind ? "danger" : "success"} data-testid={`bridge-${d.direction}-state`}>
              {!d.enabled ? t("off") : behind ? t("behind") : t("on")}
            </Badge>
          </div>
          <CardDescription>{t(`api.${d.direction}`)}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <Stat label={t("sent")} value={fmt.number(d.counts.sent)} hint={d.lastSentAt ? t("lastSent", { at: fmt.dateTime(new Date(d.lastSentAt), { dateStyle: "short", timeStyle: "short" }) }) : t("neverSent")} data-testid={`bridge-${d.direction}-sent`} />
            <Stat label={t("waiting")} value={fmt.number(waiting)} hint={d.counts.unknown ? t("unknownHint", { n: d.counts.unknown }) : undefined} data-testid={`bridge-${d.direction}-waiting`} />
            <Stat
              label={t("lag")}
              value={d.lagSeconds === null ? "—" : duration(d.lagSeconds)}
              tone={behind ? "danger" : "neutral"}
              hint={t(d.lagSeconds === null ? "lagHintIdle" : "lagHint", { minutes: Math.round(status.lagAlertSeconds / 60) })}
              data-testid={`bridge-${d.direction}-lag`}
            />
            <Stat label={t("failedDead")} value={`${fmt.number(d.counts.failed)} / ${fmt.number(d.counts.dead)}`} tone={d.counts.dead ? "danger" : d.counts.failed ? "warning" : "neutral"} hint={t("lastHour", { n: d.sentLastHour })} />
          </div>
          {d.failures.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid={`bridge-${d.direction}-no-failures`}>
              {t("noFailures")}
            </p>
          ) : (
            <Table data-testid={`bridge-${d.direction}-failures`}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("person")}</TableHead>
                  <TableHead>{t("punchedAt")}</TableHead>
                  <TableHead>{t("state")}</TableHead>
                  <TableHead>{t("reason")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.failures.map((f) => (
                  <TableRow key={f.punchId}>
                    <TableCell>{f.employeeName ?? `#${f.employeeId}`}</TableCell>
                    <TableCell className="tabular-nums">{fmt.dateTime(new Date(f.punchedAt), { dateStyle: "short", timeStyle: "medium" })}</TableCell>
                    <TableCell>
                      <Badge tone={f.status === "dead" ? "danger" : f.status === "unknown" ? "brand" : "warning"}>{t(`status.${f.status}`)}</Badge>
                      {f.attempts ? <span className="ml-1 text-xs text-slate-500">{t("attempts", { n: f.attempts })}</span> : null}
                    </TableCell>
                    <TableCell className="max-w-md break-words text-sm text-slate-600">{f.error ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    );
  };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="bridge-heading">
          {t("heading")}
        </h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subheading")}</p>
      </div>
      {!both ? (
        <EmptyState title={t("oneVendorTitle")} description={t("oneVendorBody")} data-testid="bridge-one-vendor" />
      ) : (
        <>
          <Card>
            <CardHeader>
              <CardTitle>{t("settings")}</CardTitle>
              <CardDescription>{t("settingsHint", { days: BRIDGE_MAX_BACKFILL_DAYS })}</CardDescription>
            </CardHeader>
            <CardContent>
              {viewer.roles.has("admin") ? (
                <ClientIntl namespaces={["attendanceBridge"]}>
                  <BridgeSettingsForm initial={status.settings.mode === "off" && status.settings.from === "1970-01-01" ? { mode: "off", from: today } : status.settings} earliest={addDays(today, -(BRIDGE_MAX_BACKFILL_DAYS - 1))} today={today} />
                </ClientIntl>
              ) : (
                <p className="text-sm text-slate-600" data-testid="bridge-readonly">
                  {t("readonly", { mode: t(`mode.${status.settings.mode}`) })}
                </p>
              )}
            </CardContent>
          </Card>
          <div className="grid gap-4 xl:grid-cols-2">{status.directions.map(direction)}</div>
          <p className="text-xs text-slate-500">{t("footnote")}</p>
        </>
      )}
    </div>
  );
}
