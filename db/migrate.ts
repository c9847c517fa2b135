// `npm run db:migrate`: apply committed migrations to DATABASE_URL (or the embedded PGlite directory).
import { closeDatabase, getDatabase } from "./client";

async function main() {
  const database = await getDatabase();
  console.log(`migrations applied (${database.kind})`);
  await closeDatabase();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
