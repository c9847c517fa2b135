// Inbox handler "import:punch": one punch row of a confirmed DingTalk/WeCom punch-record file (file-import.ts),
// written through the one punch write path (natural key: source "file", device "<vendor>_file", the row's hash) with
// its person-day recomputed. A batch of rows is written together, as device punches are.
import { z } from "zod";
import type { Db } from "@/db/client";
import type { EventHandler, HandlerResult, InboxEvent } from "@/lib/ingest/types";
import { writePunch, writePunches, type PunchWrite, type PunchWriteResult } from "./store";

const importedPunch = z.object({
  vendor: z.enum(["dingtalk", "wecom"]),
  record_id: z.string().min(1).max(64),
  employee_id: z.number().int().positive(),
  time: z.iso.datetime(),
  direction: z.enum(["in", "out"]).nullable(),
  field: z.boolean(),
  place: z.string().nullable(),
  remark: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()),
});

function toWrite(payload: unknown): PunchWrite {
  const p = importedPunch.parse(payload);
  return {
    source: "file",
    deviceId: `${p.vendor}_file`,
    recordId: p.record_id,
    employeeId: p.employee_id,
    punchedAt: new Date(p.time),
    direction: p.direction,
    field: p.field,
    placeName: p.place,
    remark: p.remark,
    raw: { import: p.vendor, ...p.evidence },
  };
}
const handled = (r: PunchWriteResult): HandlerResult => ({ outcome: "handled", effects: { kind: "punch", punchId: r.id, state: r.state, dates: r.dates } });

export const importedPunchHandler: EventHandler = Object.assign(
  async ({ db, event }: { db: Db; event: InboxEvent }) => handled(await writePunch(db, toWrite(event.payload))),
  {
    batch: async ({ db, events }: { db: Db; events: InboxEvent[] }) => (await writePunches(db, events.map((e) => toWrite(e.payload)))).map(handled),
  },
);
