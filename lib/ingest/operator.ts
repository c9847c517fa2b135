// Operator actions on the inbox (console): replay and discard dead letters, each audited. Admin or HR.
import "server-only";
import type { Db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { discardEvents, requeueEvents } from "./worker";

export async function replayDeadLetter(db: Db, viewer: Viewer, id: number): Promise<boolean> {
  if (!canSeeEveryone(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    const done = await requeueEvents(tx, [id]);
    if (done.length) await writeAudit(tx, viewer, "inbox.replay", { type: "inbox_event", id });
    return done.length > 0;
  });
}

export async function discardDeadLetter(db: Db, viewer: Viewer, id: number): Promise<boolean> {
  if (!canSeeEveryone(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    const done = await discardEvents(tx, [id]);
    if (done.length) await writeAudit(tx, viewer, "inbox.discard", { type: "inbox_event", id });
    return done.length > 0;
  });
}
