"use client";
// 考勤组: create or edit one group — name, priority, default shift, schedule mode, members (departments, people by 工号,
// exclusions), places and Wi-Fi, field punches — then preview the recompute and save.
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useTranslations } from "@/i18n/client";
import { DeleteWithImpact } from "./delete-with-impact";
import { ImpactSave } from "./impact-save";
import { PersonSearch } from "./person-search";

type Member = { departmentId: number; departmentName: string } | { employeeNo: string; employeeName: string; excluded: boolean };
export interface GroupForm {
  name: string;
  priority: number;
  defaultShiftId: number | null;
  schedule: "calendar" | "roster";
  members: Member[];
  places: { name: string; lat: number; lng: number; radiusMeters: number }[];
  wifi: { ssid: string; bssid: string }[];
  fieldAllowed: boolean;
}

const small = "h-9";

export function GroupEditor({
  id,
  initial,
  shifts,
  departments,
}: {
  id: number | null;
  initial: GroupForm;
  shifts: { id: number; name: string }[];
  departments: { id: number; name: string; depth: number }[];
}) {
  const t = useTranslations("attendanceSettings");
  const router = useRouter();
  const [g, setG] = React.useState<GroupForm>(initial);
  const [dept, setDept] = React.useState<string>("");
  const [exclude, setExclude] = React.useState(false);
  const set = <K extends keyof GroupForm>(k: K, v: GroupForm[K]) => setG((x) => ({ ...x, [k]: v }));
  const body = {
    name: g.name.trim(),
    priority: g.priority,
    defaultShiftId: g.defaultShiftId,
    schedule: g.schedule,
    members: g.members.map((m) => ("departmentId" in m ? { departmentId: m.departmentId } : { employeeNo: m.employeeNo, excluded: m.excluded })),
    places: g.places,
    wifi: g.wifi,
    fieldAllowed: g.fieldAllowed,
  };
  const label = (text: string, child: React.ReactNode) => (
    <label className="block text-sm">
      <span className="mb-1 block text-xs text-slate-500">{text}</span>
      {child}
    </label>
  );
  return (
    <div className="space-y-5" data-testid="group-editor">
      <div className="flex flex-wrap gap-4">
        {label(t("groups.name"), <Input className={`${small} w-56`} value={g.name} maxLength={40} onChange={(e) => set("name", e.target.value)} data-testid="group-name" />)}
        {label(t("groups.priority"), <Input type="number" className={`${small} w-24`} value={g.priority} onChange={(e) => set("priority", Number(e.target.value))} data-testid="group-priority" />)}
        {label(
          t("groups.defaultShift"),
          <Select className={`${small} w-48`} value={g.defaultShiftId ?? ""} onChange={(e) => set("defaultShiftId", e.target.value ? Number(e.target.value) : null)} data-testid="group-shift">
            <option value="">{t("groups.noShift")}</option>
            {shifts.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>,
        )}
        {label(
          t("groups.schedule"),
          <Select className={`${small} w-80`} value={g.schedule} onChange={(e) => set("schedule", e.target.value as GroupForm["schedule"])} data-testid="group-schedule">
            <option value="calendar">{t("groups.scheduleCalendar")}</option>
            <option value="roster">{t("groups.scheduleRoster")}</option>
          </Select>,
        )}
      </div>

      <section className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">
          {t("groups.members")} <span className="font-normal text-slate-500">· {t("groups.memberCount", { count: g.members.length })}</span>
        </h3>
        <ul className="flex flex-wrap gap-2" data-testid="group-members">
          {g.members.map((m, i) => (
            <li key={i} className="inline-flex items-center gap-1 rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs text-slate-700">
              {"departmentId" in m ? `${t("groups.department")}：${m.departmentName}` : `${t("groups.person")}：${m.employeeName || m.employeeNo}（${m.employeeNo}）${m.excluded ? ` · ${t("groups.excluded")}` : ""}`}
              <button type="button" className="ml-1 text-slate-400 hover:text-rose-600" aria-label={t("remove")} onClick={() => set("members", g.members.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap items-end gap-3">
          {label(
            t("groups.addDepartment"),
            <Select className={`${small} w-64`} value={dept} onChange={(e) => setDept(e.target.value)} data-testid="group-add-dept">
              <option value="" />
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {"　".repeat(d.depth)}
                  {d.name}
                </option>
              ))}
            </Select>,
          )}
          <Button
            size="sm"
            variant="outline"
            disabled={!dept}
            onClick={() => {
              const d = departments.find((x) => String(x.id) === dept);
              if (d && !g.members.some((m) => "departmentId" in m && m.departmentId === d.id)) set("members", [...g.members, { departmentId: d.id, departmentName: d.name }]);
              setDept("");
            }}
          >
            {t("groups.add")}
          </Button>
          {label(
            t("groups.addEmployee"),
            <PersonSearch
              testid="group-add-emp"
              onPick={(p) => {
                if (!g.members.some((m) => "employeeNo" in m && m.employeeNo === p.employeeNo)) set("members", [...g.members, { employeeNo: p.employeeNo, employeeName: p.name, excluded: exclude }]);
                setExclude(false);
              }}
            />,
          )}
          <label className="inline-flex h-9 items-center gap-1 text-xs text-slate-600">
            <input type="checkbox" className="size-4" checked={exclude} onChange={(e) => setExclude(e.target.checked)} data-testid="group-add-exclude" />
            {t("groups.exclude")}
          </label>
        </div>
      </section>

      <section className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">{t("groups.places")}</h3>
        {g.places.map((p, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2" data-testid={`group-place-${i}`}>
            {label(t("groups.placeName"), <Input className={`${small} w-40`} value={p.name} onChange={(e) => set("places", g.places.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />)}
            {label(t("groups.lat"), <Input type="number" step="0.000001" className={`${small} w-32`} value={p.lat} onChange={(e) => set("places", g.places.map((x, j) => (j === i ? { ...x, lat: Number(e.target.value) } : x)))} />)}
            {label(t("groups.lng"), <Input type="number" step="0.000001" className={`${small} w-32`} value={p.lng} onChange={(e) => set("places", g.places.map((x, j) => (j === i ? { ...x, lng: Number(e.target.value) } : x)))} />)}
            {label(t("groups.radius"), <Input type="number" className={`${small} w-24`} value={p.radiusMeters} onChange={(e) => set("places", g.places.map((x, j) => (j === i ? { ...x, radiusMeters: Number(e.target.value) } : x)))} />)}
            <Button size="sm" variant="ghost" onClick={() => set("places", g.places.filter((_, j) => j !== i))}>
              {t("remove")}
            </Button>
          </div>
        ))}
        <Button size="sm" variant="outline" onClick={() => set("places", [...g.places, { name: "", lat: 31.2304, lng: 121.4737, radiusMeters: 200 }])}>
          {t("groups.addPlace")}
        </Button>
      </section>

      <section className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">{t("groups.wifi")}</h3>
        {g.wifi.map((w, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2" data-testid={`group-wifi-${i}`}>
            {label(t("groups.ssid"), <Input className={`${small} w-44`} value={w.ssid} onChange={(e) => set("wifi", g.wifi.map((x, j) => (j === i ? { ...x, ssid: e.target.value } : x)))} />)}
            {label(t("groups.bssid"), <Input className={`${small} w-56 font-mono`} value={w.bssid} onChange={(e) => set("wifi", g.wifi.map((x, j) => (j === i ? { ...x, bssid: e.target.value } : x)))} data-testid={`group-wifi-${i}-bssid`} />)}
            <Button size="sm" variant="ghost" onClick={() => set("wifi", g.wifi.filter((_, j) => j !== i))}>
              {t("remove")}
            </Button>
          </div>
        ))}
        <Button size="sm" variant="outline" onClick={() => set("wifi", [...g.wifi, { ssid: "", bssid: "" }])} data-testid="group-add-wifi">
          {t("groups.addWifi")}
        </Button>
        <label className="flex items-center gap-2 pt-1 text-sm text-slate-700">
          <input type="checkbox" className="size-4" checked={g.fieldAllowed} onChange={(e) => set("fieldAllowed", e.target.checked)} data-testid="group-field" />
          {t("groups.fieldAllowed")}
        </label>
        <p className="text-xs text-slate-500">{t("groups.placesHint")}</p>
      </section>

      <ImpactSave
        url={id == null ? "/api/attendance/settings/groups" : `/api/attendance/settings/groups/${id}`}
        method={id == null ? "POST" : "PUT"}
        scope="period"
        body={body}
        onSaved={(r) => {
          const saved = (r as { group?: { id: number } }).group;
          if (id == null && saved) router.replace(`?edit=${saved.id}`);
        }}
      />
      {id != null ? <DeleteWithImpact url={`/api/attendance/settings/groups/${id}`} what="group" testid="group-delete" /> : null}
    </div>
  );
}
