// Every job and loop of the app, collected from the domains (each owns lib/<domain>/jobs.ts).
import * as ingest from "@/lib/ingest/jobs";
import * as meetings from "@/lib/meetings/jobs";
import * as notifications from "@/lib/notifications/jobs";
import * as oaSync from "@/lib/oa-sync/jobs";
import * as org from "@/lib/org/jobs";

const domains = [ingest, org, meetings, oaSync, notifications];

export const allJobs = domains.flatMap((d) => d.jobs);
export const allLoops = domains.flatMap((d) => d.loops);
