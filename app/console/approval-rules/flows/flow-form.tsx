// The flow editor form (server-rendered, no client code): the flow's name, kind, priority, active, conditions, and
// MAX_STEPS step rows — a row with no "whom" is ignored. Saved by saveFlowAction (lib/approvals/flow-editor).
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";
import type { approvalFlows } from "@/db/schema";
import { MAX_STEPS } from "@/lib/approvals/flow-editor";
import { LEAVE_TYPES } from "@/lib/approvals/flows/schemas";
import { saveFlowAction } from "../actions";

type Flow = typeof approvalFlows.$inferSelect;

export async function FlowForm({ flow, nos, deptCodes }: { flow: Flow | null; nos: Map<number, string>; deptCodes: Map<number, { code: string }> }) {
  const t = await getTranslations("approvalRules");
  const steps = flow?.steps ?? [{ mode: "single" as const, approvers: [{ type: "leader" as const }] }];
  return (
    <form action={saveFlowAction} className="space-y-5" data-testid="flow-form">
      {flow ? <input type="hidden" name="id" value={flow.id} /> : null}
      <Card>
        <CardHeader>
          <CardTitle>{t("editor.basics")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid grid-cols-4 gap-3">
            <div className="col-span-2">
              <Label htmlFor="name">{t("editor.name")}</Label>
              <Input id="name" name="name" defaultValue={flow?.name ?? ""} maxLength={40} required />
            </div>
            <div>
              <Label htmlFor="kind">{t("editor.kind")}</Label>
              <Select id="kind" name="kind" defaultValue={flow?.kind ?? "leave"}>
                <option value="leave">{t("kind.leave")}</option>
                <option value="correction">{t("kind.correction")}</option>
                <option value="overtime">{t("kind.overtime")}</option>
                <option value="meeting_excuse">{t("kind.meeting_excuse")}</option>
              </Select>
            </div>
            <div>
              <Label htmlFor="priority">{t("editor.priority")}</Label>
              <Input id="priority" name="priority" inputMode="numeric" defaultValue={flow?.priority ?? 50} required />
            </div>
          </div>
          <p className="text-xs text-slate-500">{t("editor.priorityHint")}</p>
          <div className="grid grid-cols-4 gap-3">
            <div>
              <Label htmlFor="minDays">{t("editor.minDays")}</Label>
              <Input id="minDays" name="minDays" inputMode="decimal" defaultValue={flow?.conditions.minDays ?? ""} placeholder={t("editor.any")} />
              <Label htmlFor="minHours" className="mt-2">{t("editor.minHours")}</Label>
              <Input id="minHours" name="minHours" inputMode="decimal" defaultValue={flow?.conditions.minHours ?? ""} placeholder={t("editor.any")} />
            </div>
            <fieldset className="col-span-3">
              <legend className="mb-1.5 text-sm font-medium text-slate-700">{t("editor.leaveTypes")}</legend>
              <div className="flex flex-wrap gap-x-4">
                {LEAVE_TYPES.map((lt) => (
                  <label key={lt} className="inline-flex min-h-9 items-center gap-1.5 text-sm text-slate-700">
                    <input type="checkbox" name={`leaveType_${lt}`} defaultChecked={flow?.conditions.leaveTypes?.includes(lt) ?? false} className="size-4 accent-brand-600" />
                    {lt}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
          <div>
            <Label htmlFor="departments">{t("editor.departments")}</Label>
            <Input id="departments" name="departments" defaultValue={(flow?.conditions.departmentIds ?? []).map((id) => deptCodes.get(id)?.code ?? "").join(" ")} placeholder={t("editor.departmentsPlaceholder")} />
            <p className="mt-1 text-xs text-slate-500">{t("editor.departmentsHint")}</p>
          </div>
          <label className="inline-flex min-h-9 items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="active" defaultChecked={flow?.active ?? true} className="size-4 accent-brand-600" />
            {t("editor.active")}
          </label>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("editor.steps")}</CardTitle>
          <CardDescription>{t("editor.stepsHint")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {Array.from({ length: MAX_STEPS }, (_, i) => {
            const s = steps[i];
            const rule = s?.approvers[0];
            const type = !rule ? "" : rule.type === "role" ? "hr" : rule.type;
            return (
              <fieldset key={i} className="space-y-2 rounded-xl border border-slate-200 p-3" data-testid="flow-step-row">
                <legend className="px-1 text-sm font-medium text-slate-800">{t("editor.step", { n: i + 1 })}</legend>
                <div className="grid grid-cols-6 gap-2">
                  <div>
                    <Label htmlFor={`step${i}_type`}>{t("editor.whom")}</Label>
                    <Select id={`step${i}_type`} name={`step${i}_type`} defaultValue={type}>
                      <option value="">{t("editor.unused")}</option>
                      <option value="leader">{t("rule.leader")}</option>
                      <option value="leader_up">{t("editor.leaderUp")}</option>
                      <option value="hr">{t("rule.hr")}</option>
                      <option value="people">{t("editor.people")}</option>
                      <option value="meeting_organizer">{t("editor.meetingOrganizer")}</option>
                    </Select>
                  </div>
                  <div>
                    <Label htmlFor={`step${i}_levels`}>{t("editor.levels")}</Label>
                    <Input id={`step${i}_levels`} name={`step${i}_levels`} inputMode="numeric" defaultValue={rule?.type === "leader_up" ? rule.levels : ""} />
                  </div>
                  <div className="col-span-2">
                    <Label htmlFor={`step${i}_people`}>{t("editor.peopleNos")}</Label>
                    <Input id={`step${i}_people`} name={`step${i}_people`} defaultValue={rule?.type === "people" ? rule.employeeIds.map((id) => nos.get(id) ?? "").join(" ") : ""} placeholder="QD00012 QD00034" />
                  </div>
                  <div>
                    <Label htmlFor={`step${i}_mode`}>{t("editor.mode")}</Label>
                    <Select id={`step${i}_mode`} name={`step${i}_mode`} defaultValue={s?.mode ?? "single"}>
                      <option value="single">{t("mode.single")}</option>
                      <option value="all">{t("mode.all")}</option>
                      <option value="any">{t("mode.any")}</option>
                    </Select>
                  </div>
                  <div>
                    <Label htmlFor={`step${i}_minDays`}>{t("editor.stepMinDays")}</Label>
                    <Input id={`step${i}_minDays`} name={`step${i}_minDays`} inputMode="decimal" defaultValue={s?.when?.minDays ?? ""} placeholder={t("editor.any")} />
                    <Label htmlFor={`step${i}_minHours`} className="mt-2">{t("editor.stepMinHours")}</Label>
                    <Input id={`step${i}_minHours`} name={`step${i}_minHours`} inputMode="decimal" defaultValue={s?.when?.minHours ?? ""} placeholder={t("editor.any")} />
                  </div>
                </div>
                <div className="grid grid-cols-6 items-end gap-2">
                  <div>
                    <Label htmlFor={`step${i}_hours`}>{t("editor.hours")}</Label>
                    <Input id={`step${i}_hours`} name={`step${i}_hours`} inputMode="decimal" defaultValue={s?.timeout?.hours ?? ""} placeholder={t("editor.noTimeout")} />
                  </div>
                  <div>
                    <Label htmlFor={`step${i}_remindMax`}>{t("editor.remindMax")}</Label>
                    <Input id={`step${i}_remindMax`} name={`step${i}_remindMax`} inputMode="numeric" defaultValue={s?.timeout?.remindMax ?? ""} />
                  </div>
                  <label className="inline-flex min-h-11 items-center gap-1.5 text-sm text-slate-700">
                    <input type="checkbox" name={`step${i}_escalate_leader`} defaultChecked={s?.timeout?.escalateTo.includes("leader") ?? false} className="size-4 accent-brand-600" />
                    {t("editor.escalateLeader")}
                  </label>
                  <label className="inline-flex min-h-11 items-center gap-1.5 text-sm text-slate-700">
                    <input type="checkbox" name={`step${i}_escalate_hr`} defaultChecked={s?.timeout?.escalateTo.includes("hr") ?? false} className="size-4 accent-brand-600" />
                    {t("editor.escalateHr")}
                  </label>
                  <div className="col-span-2">
                    <Label htmlFor={`step${i}_auto`}>{t("editor.auto")}</Label>
                    <Select id={`step${i}_auto`} name={`step${i}_auto`} defaultValue={s?.timeout?.autoAction ?? ""}>
                      <option value="">{t("editor.autoNone")}</option>
                      <option value="agree">{t("timeout.auto.agree")}</option>
                      <option value="refuse">{t("timeout.auto.refuse")}</option>
                    </Select>
                  </div>
                </div>
              </fieldset>
            );
          })}
        </CardContent>
      </Card>
      <div className="flex gap-3">
        <Button type="submit" data-testid="save-flow">{t("save")}</Button>
        <Link href="/console/approval-rules" className="inline-flex h-10 items-center px-3 text-sm text-slate-600">{t("editor.cancel")}</Link>
      </div>
    </form>
  );
}
