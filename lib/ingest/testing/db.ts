// Test helper: make the process-wide database (db/client getDatabase) a given test database, so route handlers
// called in-process write where the test reads. Real database either way; nothing is mocked.
import type { Database } from "@/db/client";

export function useDatabaseForRoutes(database: Database): void {
  (globalThis as unknown as { __qiandaoDb?: Promise<Database> }).__qiandaoDb = Promise.resolve(database);
}
