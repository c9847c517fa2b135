// Starts and stops the job system: pg-boss (scheduled and one-off jobs) and the table-backed loops
// (inbox, outboxes). The web process runs them by default (always on PGlite); `npm run worker` runs them apart.
import PgBoss from "pg-boss";
import { getDatabase, closeDatabase, type Database } from "@/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { allJobs, allLoops } from "./registry";

interface Runtime {
  boss: PgBoss;
  stopping: boolean;
  loops: Promise<void>[];
  wake: Map<string, () => void>;
}

const g = globalThis as unknown as { __qiandaoJobs?: Promise<Runtime>; __qiandaoBoss?: Promise<PgBoss> };

function makeBoss(database: Database): PgBoss {
  const e = env();
  const boss = e.DATABASE_URL
    ? new PgBoss({ connectionString: e.DATABASE_URL, max: 4 })
    : new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) } });
  boss.on("error", (err: Error) => log.error({ err: err.message }, "pg-boss error"));
  return boss;
}

/** pg-boss for sending jobs (any process). Started once; queues created for every defined job. */
export function getBoss(): Promise<PgBoss> {
  if (!g.__qiandaoBoss) {
    g.__qiandaoBoss = (async () => {
      const database = await getDatabase();
      const boss = makeBoss(database);
      await boss.start();
      for (const job of allJobs) await boss.createQueue(job.name);
      return boss;
    })();
  }
  return g.__qiandaoBoss;
}

/** Wake a loop now (e.g. right after an insert) instead of waiting for its idle interval. */
export function wakeLoop(name: string): void {
  void g.__qiandaoJobs?.then((rt) => rt.wake.get(name)?.());
}

async function runLoop(rt: Runtime, database: Database, def: (typeof allLoops)[number]): Promise<void> {
  let backoff = def.idleMs;
  while (!rt.stopping) {
    let took = 0;
    try {
      took = await def.tick({ db: database.db });
      backoff = def.idleMs;
    } catch (err) {
      log.error({ loop: def.name, err: (err as Error).message }, "loop tick failed");
      backoff = Math.min(backoff * 2, 30_000);
    }
    if (rt.stopping) continue;
    if (took > 0) {
      if (def.batch && took < def.batch.size) await new Promise<void>((resolve) => setTimeout(resolve, def.batch!.gatherMs));
      continue;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, backoff);
      rt.wake.set(def.name, () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

export function startWorkers(): Promise<Runtime> {
  if (!g.__qiandaoJobs) {
    g.__qiandaoJobs = (async () => {
      const database = await getDatabase();
      const boss = await getBoss();
      const rt: Runtime = { boss, stopping: false, loops: [], wake: new Map() };
      const tz = env().ORG_TIMEZONE;
      for (const job of allJobs) {
        await boss.work(job.name, { batchSize: 1 }, async ([j]) => {
          const parsed = job.payload.safeParse(j.data);
          if (!parsed.success) {
            // A bad payload never gets better: log and complete instead of retrying forever.
            log.error({ job: job.name, id: j.id, issues: parsed.error.issues.length }, "job payload rejected");
            return;
          }
          await job.handler({ db: database.db }, parsed.data);
        });
        if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz });
      }
      for (const def of allLoops) rt.loops.push(runLoop(rt, database, def));
      log.info({ jobs: allJobs.length, loops: allLoops.length, db: database.kind }, "workers started");
      return rt;
    })();
  }
  return g.__qiandaoJobs;
}

export async function stopWorkers(): Promise<void> {
  const p = g.__qiandaoJobs;
  g.__qiandaoJobs = undefined;
  if (p) {
    const rt = await p;
    rt.stopping = true;
    for (const w of rt.wake.values()) w();
    await Promise.allSettled(rt.loops);
  }
  const b = g.__qiandaoBoss;
  g.__qiandaoBoss = undefined;
  if (b) await (await b).stop({ graceful: true, timeout: 10_000 });
}

/** Start everything the app needs at boot: database (migrations, startup data) and, if configured, workers. */
export async function boot(opts: { workers: boolean }): Promise<void> {
  await getDatabase();
  if (opts.workers) await startWorkers();
  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await stopWorkers().catch(() => {});
    await closeDatabase().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
