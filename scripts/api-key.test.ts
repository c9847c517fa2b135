// `npm run api-key -- create …` as an automated deployment runs it: the real script in its own process, against an
// embedded database directory (PGLITE_DIR), then the key it printed checked against the stored hash and scopes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { hashApiKey } from "@/lib/oa-sync/api/keys";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-api-key-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir, LOG_LEVEL: "error" };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  return spawnSync("npm", ["run", "-s", "api-key", "--", ...args], { env, encoding: "utf8", timeout: 120_000 });
};

it("prints a working key alone on its last line, once; refuses bad arguments with the reason and stores nothing", async () => {
  const ok = cli("create", "--name", "门禁考勤机", "--scopes", "punches:write,punches:read", "--rate", "600");
  expect(ok.status, ok.stderr).toBe(0);
  const lines = ok.stdout.trim().split("\n");
  const key = lines[lines.length - 1];
  expect(key).toMatch(/^qd_[A-Za-z0-9]{20,}$/);
  expect(lines.slice(0, -1).join("\n")).not.toContain(key);

  const tooFast = cli("create", "--name", "x", "--scopes", "punches:write", "--rate", "100000");
  expect(tooFast.status).toBe(1);
  expect(tooFast.stderr).toContain("rateLimitPerMinute");
  const unknownScope = cli("create", "--name", "x", "--scopes", "punches:delete");
  expect(unknownScope.status).toBe(2);
  expect(unknownScope.stderr).toContain("unknown scope(s): punches:delete");

  const database = await openDatabase({ pgliteDir: dir });
  try {
    const rows = (await database.db.execute(`SELECT name, scopes, rate_limit_per_minute AS rate, hash FROM api_keys ORDER BY id`)) as unknown as { rows: Record<string, unknown>[] };
    expect(rows.rows).toEqual([{ name: "门禁考勤机", scopes: ["punches:write", "punches:read"], rate: 600, hash: hashApiKey(key) }]);
  } finally {
    await database.close();
  }
}, 240_000);
