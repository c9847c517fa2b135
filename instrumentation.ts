// Runs once when the Next server starts (not during `next build`): migrations, startup data, workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("./lib/env");
  const { boot } = await import("./lib/jobs/runtime");
  const e = env();
  await boot({ workers: !e.DATABASE_URL || e.WORKERS_IN_WEB });
}
