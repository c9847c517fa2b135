import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";

/** Record a privileged action. `details` must not carry secrets or personal data beyond ids. */
export async function writeAudit(
  db: Db,
  actor: Viewer | { system: string },
  action: string,
  target: { type: string; id: string | number },
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    actorEmployeeId: "employeeId" in actor ? actor.employeeId : null,
    actorLabel: "employeeId" in actor ? `${actor.name} (${actor.employeeNo})` : `system:${actor.system}`,
    action,
    targetType: target.type,
    targetId: String(target.id),
    details,
  });
}
