// Runs once when the Next server starts (not during `next build`): migrations, startup data, workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("./lib/env");
  const { boot } = await import("./lib/jobs/runtime");
  const e = env();
  // Simulator mode + DINGTALK_STREAM=1: host the simulated Stream gateway (its own port) before the Stream client starts.
  const { ensureSimStreamGateway } = await import("./lib/vendors/sim/dingtalk-stream-runtime");
  await ensureSimStreamGateway()?.catch(() => undefined);
  await boot({ workers: !e.DATABASE_URL || e.WORKERS_IN_WEB });
}
