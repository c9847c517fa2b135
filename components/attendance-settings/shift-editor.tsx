"use client";
// 班次: create or edit one shift — kind, sections with rest breaks, thresholds — then preview the recompute and save.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useTranslations } from "@/i18n/client";
import { DeleteWithImpact } from "./delete-with-impact";
import { ImpactSave } from "./impact-save";
import { TimeField } from "./time-field";
import type { ShiftForm } from "./shift-form";

type Kind = ShiftForm["kind"];
type Section = ShiftForm["sections"][number];


export function ShiftEditor({ id, initial }: { id: number | null; initial: ShiftForm }) {
  const t = useTranslations("attendanceSettings");
  const router = useRouter();
  const [s, setS] = React.useState<ShiftForm>(initial);
  const set = <K extends keyof ShiftForm>(k: K, v: ShiftForm[K]) => setS((x) => ({ ...x, [k]: v }));
  const setSection = (i: number, patch: Partial<Section>) => setS((x) => ({ ...x, sections: x.sections.map((sec, j) => (j === i ? { ...sec, ...patch } : sec)) }));
  const num = (k: keyof ShiftForm, optional: boolean) => (
    <label className="block text-sm" key={k}>
      <span className="mb-1 block text-xs text-slate-500">
        {t(`shifts.${k}`)}
        {optional ? <span className="text-slate-400">{t("shifts.optional")}</span> : null}
      </span>
      <Input
        type="number"
        min={0}
        className="h-9 w-32"
        value={(s[k] as number | null) ?? ""}
        onChange={(e) => set(k, (e.target.value === "" ? (optional ? null : 0) : Number(e.target.value)) as never)}
        data-testid={`shift-${k}`}
      />
    </label>
  );
  const usesSections = s.kind !== "free";
  return (
    <div className="space-y-5" data-testid="shift-editor">
      <div className="flex flex-wrap gap-4">
        <label className="block text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t("shifts.name")}</span>
          <Input className="h-9 w-56" value={s.name} maxLength={40} onChange={(e) => set("name", e.target.value)} data-testid="shift-name" />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t("shifts.kind")}</span>
          <Select className="h-9 w-48" value={s.kind} onChange={(e) => set("kind", e.target.value as Kind)} data-testid="shift-kind">
            {(["fixed", "flexible", "night", "free"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`shifts.kinds.${k}`)}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <p className="text-xs text-slate-500">{t(`shifts.kindHint.${s.kind}`)}</p>
      {usesSections ? (
        <div className="space-y-3">
          {s.sections.map((sec, i) => (
            <div key={i} className="rounded-lg border border-slate-200 p-3" data-testid={`shift-section-${i}`}>
              <div className="flex flex-wrap items-center gap-3 text-sm">
                <span className="font-medium text-slate-700">{t("shifts.section", { n: i + 1 })}</span>
                <span className="text-xs text-slate-500">{t("shifts.start")}</span>
                <TimeField value={sec.start} onChange={(v) => setSection(i, { start: v })} testid={`shift-section-${i}-start`} />
                <span className="text-xs text-slate-500">{t("shifts.end")}</span>
                <TimeField value={sec.end} onChange={(v) => setSection(i, { end: v })} nextDayLabel={t("shifts.nextDay")} testid={`shift-section-${i}-end`} />
                {s.sections.length > 1 ? (
                  <Button size="sm" variant="ghost" onClick={() => set("sections", s.sections.filter((_, j) => j !== i))}>
                    {t("remove")}
                  </Button>
                ) : null}
              </div>
              <div className="mt-2 flex flex-wrap items-center gap-3 pl-4 text-sm">
                <span className="text-xs text-slate-500">{t("shifts.rests")}</span>
                {sec.rests.map((r, j) => (
                  <span key={j} className="inline-flex items-center gap-1">
                    <TimeField value={r.start} onChange={(v) => setSection(i, { rests: sec.rests.map((x, k) => (k === j ? { ...x, start: v } : x)) })} nextDayLabel={s.kind === "night" ? t("shifts.nextDay") : undefined} testid={`shift-section-${i}-rest-${j}-start`} />
                    –
                    <TimeField value={r.end} onChange={(v) => setSection(i, { rests: sec.rests.map((x, k) => (k === j ? { ...x, end: v } : x)) })} nextDayLabel={s.kind === "night" ? t("shifts.nextDay") : undefined} testid={`shift-section-${i}-rest-${j}-end`} />
                    <Button size="sm" variant="ghost" onClick={() => setSection(i, { rests: sec.rests.filter((_, k) => k !== j) })}>
                      {t("remove")}
                    </Button>
                  </span>
                ))}
                {sec.rests.length < 4 ? (
                  <Button size="sm" variant="outline" onClick={() => setSection(i, { rests: [...sec.rests, { start: sec.start + 180, end: sec.start + 240 }] })}>
                    {t("shifts.addRest")}
                  </Button>
                ) : null}
              </div>
            </div>
          ))}
          {s.sections.length < 3 ? (
            <Button size="sm" variant="outline" onClick={() => set("sections", [...s.sections, { start: Math.min(1439, (s.sections.at(-1)?.end ?? 540) + 60), end: Math.min(2880, (s.sections.at(-1)?.end ?? 540) + 240), rests: [] }])}>
              {t("shifts.addSection")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {s.kind === "flexible" ? (
        <div className="flex flex-wrap gap-4">
          <label className="block text-sm">
            <span className="mb-1 block text-xs text-slate-500">{t("shifts.flexEarliestArrival")}</span>
            <TimeField value={s.flexEarliestArrival ?? 480} onChange={(v) => set("flexEarliestArrival", v)} testid="shift-flexEarliestArrival" />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block text-xs text-slate-500">{t("shifts.flexLatestArrival")}</span>
            <TimeField value={s.flexLatestArrival ?? 600} onChange={(v) => set("flexLatestArrival", v)} testid="shift-flexLatestArrival" />
          </label>
        </div>
      ) : null}
      {s.kind === "free" ? (
        <label className="block text-sm">
          <span className="mb-1 block text-xs text-slate-500">{t("shifts.dayStartMinutes")}</span>
          <TimeField value={s.dayStartMinutes} onChange={(v) => set("dayStartMinutes", v)} testid="shift-dayStartMinutes" />
        </label>
      ) : null}
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {s.kind === "flexible" || s.kind === "free" ? num("requiredMinutes", false) : null}
        {s.kind !== "free" ? (
          <>
            {num("graceMinutes", false)}
            {num("seriousLateMinutes", true)}
            {num("absentLateMinutes", true)}
            {num("earlyLeaveGraceMinutes", false)}
          </>
        ) : null}
        {num("halfDayMinutes", true)}
        {num("workdayOvertimeAfterMinutes", true)}
      </div>
      <ImpactSave
        url={id == null ? "/api/attendance/settings/shifts" : `/api/attendance/settings/shifts/${id}`}
        method={id == null ? "POST" : "PUT"}
        scope="period"
        body={{ ...s, name: s.name.trim(), sections: usesSections ? s.sections : [], flexEarliestArrival: s.kind === "flexible" ? (s.flexEarliestArrival ?? 480) : null, flexLatestArrival: s.kind === "flexible" ? (s.flexLatestArrival ?? 600) : null }}
        onSaved={(r) => {
          const saved = (r as { shift?: { id: number } }).shift;
          if (id == null && saved) router.replace(`?edit=${saved.id}`);
        }}
      />
      {id != null ? <DeleteWithImpact url={`/api/attendance/settings/shifts/${id}`} what="shift" testid="shift-delete" /> : null}
    </div>
  );
}
