// 审批规则 (HR): the 补卡 caps employees see before they apply, the 审批超时 that chases the OA's overdue items, and
// the flows our own applications follow (each step: whom it asks, how they decide, when it times out). Server
// forms only: no client code on this page.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { GitBranch } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label } from "@/components/ui/input";
import { getDb } from "@/db/client";
import type { ApproverRule, FlowCondition, FlowStepDef } from "@/db/schema/approval-flows";
import { CORRECTABLE, correctionCaps } from "@/lib/approvals/flows/correction-caps";
import { approvalTimeoutSettings } from "@/lib/approvals/escalation/settings";
import { departmentsByIds } from "@/lib/approvals/flow-editor";
import { listFlows } from "@/lib/approvals/rules-settings";
import { requireViewer } from "@/lib/auth/session";
import { ForbiddenState } from "../identity/forbidden-state";
import { OVERTIME_MODES } from "@/db/schema/overtime";
import { overtimeMode } from "@/lib/attendance/overtime-mode";
import { saveApprovalTimeoutAction, saveCorrectionCapsAction, saveOvertimeModeAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("approvalRules"))("title") };
}

const DONE = ["caps", "timeout", "unchanged", "flowCreated", "flowSaved", "overtimeMode"] as const;
const ERRORS = ["bad_request", "forbidden"] as const;
type T = Awaited<ReturnType<typeof getTranslations<"approvalRules">>>;

function Check({ name, on, label }: { name: string; on: boolean; label: string }) {
  return (
    <label className="inline-flex min-h-9 items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name={name} defaultChecked={on} className="size-4 accent-brand-600" />
      {label}
    </label>
  );
}

function ruleText(t: T, r: ApproverRule, names: Map<number, string>): string {
  switch (r.type) {
    case "leader":
      return t("rule.leader");
    case "leader_up":
      return t("rule.leaderUp", { n: r.levels });
    case "role":
      return t("rule.hr");
    case "people":
      return r.employeeIds.map((id) => names.get(id) ?? `#${id}`).join("、");
    case "meeting_organizer":
      return t("rule.meetingOrganizer");
  }
}

function conditionText(t: T, c: FlowCondition | undefined, depts: Map<number, { name: string }> = new Map()): string | null {
  const parts: string[] = [];
  if (c?.departmentIds?.length) parts.push(t("cond.departments", { names: c.departmentIds.map((id) => depts.get(id)?.name ?? `#${id}`).join("、") }));
  if (c?.minDays) parts.push(t("cond.minDays", { n: c.minDays }));
  if (c?.minHours) parts.push(t("cond.minHours", { n: c.minHours }));
  if (c?.leaveTypes?.length) parts.push(t("cond.leaveTypes", { types: c.leaveTypes.join("、") }));
  return parts.length ? parts.join("，") : null;
}

function timeoutText(t: T, s: FlowStepDef): string {
  if (!s.timeout) return t("timeout.none");
  const esc = s.timeout.escalateTo.map((w) => t(`escalate.${w}`)).join("、");
  const base = s.timeout.remindMax > 0 ? t("timeout.line", { hours: s.timeout.hours, n: s.timeout.remindMax }) : t("timeout.lineNoRemind", { hours: s.timeout.hours });
  return [base, esc ? t("timeout.escalate", { to: esc }) : null, s.timeout.autoAction ? t(`timeout.auto.${s.timeout.autoAction}`) : null].filter(Boolean).join("；");
}

export default async function ApprovalRulesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!viewer.roles.has("hr") && !viewer.roles.has("admin")) return <ForbiddenState />;
  const t = await getTranslations("approvalRules");
  const sp = await searchParams;
  const db = await getDb();
  const [caps, timeout, flows, otMode] = await Promise.all([correctionCaps(db), approvalTimeoutSettings(db), listFlows(db, viewer), overtimeMode(db)]);
  const peopleIds = [...new Set(flows.flatMap((f) => f.steps.flatMap((s) => s.approvers.flatMap((r) => (r.type === "people" ? r.employeeIds : [])))))];
  const names = new Map<number, string>();
  if (peopleIds.length) {
    const { employees } = await import("@/db/schema");
    const { inArray } = await import("drizzle-orm");
    for (const p of await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, peopleIds))) names.set(p.id, p.name);
  }
  const depts = await departmentsByIds(db, [...new Set(flows.flatMap((f) => f.conditions.departmentIds ?? []))]);
  const done = DONE.find((k) => k === sp.done);
  const error = ERRORS.find((k) => k === sp.error);
  const oa = timeout.oa;

  return (
    <div className="space-y-6" data-testid="approval-rules">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      {done ? <p className="rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-700" role="status" data-testid="rules-done">{t(`done.${done}`)}</p> : null}
      {error ? <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert" data-testid="rules-error">{t(`error.${error}`)}</p> : null}

      <div className="grid grid-cols-2 gap-5">
        <Card data-testid="correction-caps">
          <CardHeader>
            <CardTitle>{t("caps.title")}</CardTitle>
            <CardDescription>{t("caps.subtitle")}</CardDescription>
          </CardHeader>
          <CardContent>
            <form action={saveCorrectionCapsAction} className="space-y-4">
              <div className="grid grid-cols-3 gap-3">
                <div>
                  <Label htmlFor="maxPerPeriod">{t("caps.maxPerPeriod")}</Label>
                  <Input id="maxPerPeriod" name="maxPerPeriod" inputMode="numeric" defaultValue={caps.maxPerPeriod} required />
                </div>
                <div>
                  <Label htmlFor="daysBack">{t("caps.daysBack")}</Label>
                  <Input id="daysBack" name="daysBack" inputMode="numeric" defaultValue={caps.daysBack} required />
                </div>
                <div>
                  <Label htmlFor="cutOffDay">{t("caps.cutOffDay")}</Label>
                  <Input id="cutOffDay" name="cutOffDay" inputMode="numeric" defaultValue={caps.cutOffDay} required />
                </div>
              </div>
              <p className="text-xs text-slate-500">{t("caps.cutOffHint")}</p>
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-700">{t("caps.correctable")}</legend>
                <div className="flex flex-wrap gap-x-5">
                  {CORRECTABLE.map((c) => (
                    <Check key={c} name={`correctable_${c}`} on={caps.correctable.includes(c)} label={t(`exception.${c}`)} />
                  ))}
                </div>
              </fieldset>
              <Button type="submit" data-testid="save-caps">{t("save")}</Button>
            </form>
          </CardContent>
        </Card>

        <Card data-testid="approval-timeout">
          <CardHeader>
            <CardTitle>{t("oa.title")}</CardTitle>
            <CardDescription>{t("oa.subtitle")}</CardDescription>
          </CardHeader>
          <CardContent>
            <form action={saveApprovalTimeoutAction} className="space-y-4">
              <Check name="oaEnabled" on={oa !== null} label={t("oa.enabled")} />
              <div className="grid grid-cols-2 gap-3">
                <div>
                  <Label htmlFor="oaHours">{t("oa.hours")}</Label>
                  <Input id="oaHours" name="oaHours" inputMode="decimal" defaultValue={oa?.hours ?? 24} required />
                </div>
                <div>
                  <Label htmlFor="oaRemindMax">{t("oa.remindMax")}</Label>
                  <Input id="oaRemindMax" name="oaRemindMax" inputMode="numeric" defaultValue={oa?.remindMax ?? 2} required />
                </div>
              </div>
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-700">{t("oa.escalateTo")}</legend>
                <div className="flex gap-5">
                  <Check name="escalate_leader" on={oa?.escalateTo.includes("leader") ?? false} label={t("escalate.leader")} />
                  <Check name="escalate_hr" on={oa?.escalateTo.includes("hr") ?? true} label={t("escalate.hr")} />
                </div>
              </fieldset>
              <div className="grid grid-cols-2 gap-3">
                <div>
                  <Label htmlFor="quietStart">{t("oa.quietStart")}</Label>
                  <Input id="quietStart" name="quietStart" type="time" defaultValue={timeout.quietStart} required />
                </div>
                <div>
                  <Label htmlFor="quietEnd">{t("oa.quietEnd")}</Label>
                  <Input id="quietEnd" name="quietEnd" type="time" defaultValue={timeout.quietEnd} required />
                </div>
              </div>
              <p className="text-xs text-slate-500">{t("oa.quietHint")}</p>
              <Button type="submit" data-testid="save-timeout">{t("save")}</Button>
            </form>
          </CardContent>
        </Card>
      </div>

      <Card data-testid="overtime-mode">
        <CardHeader>
          <CardTitle>{t("overtimeMode.title")}</CardTitle>
          <CardDescription>{t("overtimeMode.subtitle")}</CardDescription>
        </CardHeader>
        <CardContent>
          <form action={saveOvertimeModeAction} className="space-y-3">
            <fieldset className="space-y-2">
              <legend className="sr-only">{t("overtimeMode.title")}</legend>
              {OVERTIME_MODES.map((m) => (
                <label key={m} className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="radio" name="mode" value={m} defaultChecked={otMode === m} className="mt-0.5 size-4 accent-brand-600" data-testid={`overtime-mode-${m}`} />
                  <span>
                    <span className="font-medium text-slate-900">{t(`overtimeMode.${m}`)}</span>
                    <span className="block text-xs text-slate-500">{t(`overtimeMode.${m}Hint`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <p className="text-xs text-slate-500">{t("overtimeMode.split")}</p>
            <Button type="submit" data-testid="save-overtime-mode">{t("save")}</Button>
          </form>
        </CardContent>
      </Card>

      <Card data-testid="approval-flows">
        <CardHeader className="flex-row items-start justify-between gap-4">
          <div>
            <CardTitle>{t("flows.title")}</CardTitle>
            <CardDescription>{t("flows.subtitle")}</CardDescription>
          </div>
          <Link href="/console/approval-rules/flows/new" className="inline-flex h-9 shrink-0 items-center rounded-lg bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700" data-testid="new-flow">
            {t("editor.new")}
          </Link>
        </CardHeader>
        <CardContent>
          {flows.length === 0 ? (
            <EmptyState icon={<GitBranch />} title={t("flows.empty")} className="py-6" />
          ) : (
            <ul className="divide-y divide-slate-100">
              {flows.map((f) => (
                <li key={f.id} className="space-y-2 py-4" data-testid="flow" data-code={f.code}>
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium text-slate-900">{f.name}</span>
                    <Badge tone="neutral">{t(`kind.${f.kind}`)}</Badge>
                    <Badge tone={f.active ? "success" : "neutral"}>{t(f.active ? "flows.active" : "flows.inactive")}</Badge>
                    <span className="text-xs text-slate-500">{t("flows.priority", { n: f.priority })}</span>
                    <span className="text-xs text-slate-500">{conditionText(t, f.conditions, depts) ?? t("flows.always")}</span>
                    <Link href={`/console/approval-rules/flows/${f.id}`} className="ml-auto text-sm text-brand-700" data-testid="edit-flow">{t("editor.edit")}</Link>
                  </p>
                  <ol className="space-y-1 pl-4 text-sm text-slate-700">
                    {f.steps.map((s, i) => (
                      <li key={i} data-testid="flow-step">
                        <span className="font-medium">{i + 1}. {s.approvers.map((r) => ruleText(t, r, names)).join(" + ")}</span>
                        <span className="text-slate-500"> · {t(`mode.${s.mode}`)}{conditionText(t, s.when) ? ` · ${t("flows.onlyWhen", { cond: conditionText(t, s.when)! })}` : ""} · {timeoutText(t, s)}</span>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
