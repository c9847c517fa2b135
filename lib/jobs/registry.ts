// Every job and loop of the app, collected from the domains (each owns lib/<domain>/jobs.ts).
import * as attendance from "@/lib/attendance/jobs";
import * as attendancePulls from "@/lib/attendance/punches/pull-jobs";
import * as ingest from "@/lib/ingest/jobs";
import * as meetings from "@/lib/meetings/jobs";
import * as notifications from "@/lib/notifications/jobs";
import * as oaSync from "@/lib/oa-sync/jobs";
import * as org from "@/lib/org/jobs";
import * as reconcile from "@/lib/reconcile/jobs";
import * as approvalTimeouts from "@/lib/approvals/escalation/jobs";
import * as approvalNative from "@/lib/approvals/native/jobs";

const domains = [ingest, org, meetings, oaSync, notifications, reconcile, attendance, attendancePulls, approvalTimeouts, approvalNative];

export const allJobs = domains.flatMap((d) => d.jobs);
export const allLoops = domains.flatMap((d) => d.loops);
