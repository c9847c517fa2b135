// `npm run db:seed`: seed the demo organisation (idempotent; a second run adds nothing).
import { closeDatabase, getDatabase } from "./client";
import { seedDemo } from "./seed";

async function main() {
  const database = await getDatabase();
  const result = await seedDemo(database.db);
  console.log(`demo organisation: ${result.employees} employees; ${result.meetings} new meetings (${database.kind})`);
  await closeDatabase();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
