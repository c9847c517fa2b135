// `npm run worker`: a process that runs only the job system (PostgreSQL deployments).
import { env } from "@/lib/env";
import { boot } from "./runtime";

if (!env().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL: on embedded PGlite the web process runs the workers itself.");
  process.exit(1);
}
boot({ workers: true }).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
