// `npm run api-key -- create --name <name> --scopes <a,b> [--rate <per minute>]`: create an API key for automated
// deployments, against the same DATABASE_URL / PGLITE_DIR as the app. The key is printed once, alone on the last line.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { closeDatabase, getDatabase } from "@/db/client";
import { createApiKey } from "@/lib/oa-sync/api/keys";
import { API_SCOPES } from "@/lib/oa-sync/api/schemas";

const USAGE = `usage: npm run api-key -- create --name <name> --scopes <${API_SCOPES.join(",")}> [--rate <requests per minute>]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, scopes: { type: "string" }, rate: { type: "string" } },
  });
  if (positionals[0] !== "create" || positionals.length !== 1 || !values.name || !values.scopes) {
    console.error(USAGE);
    return 2;
  }
  const scopes = values.scopes.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown scope(s): ${unknown.join(", ")} (known: ${API_SCOPES.join(", ")})`);
    return 2;
  }
  const database = await getDatabase();
  try {
    const created = await createApiKey(database.db, { system: "cli" }, {
      name: values.name,
      scopes: scopes as (typeof API_SCOPES)[number][],
      ...(values.rate ? { rateLimitPerMinute: Number(values.rate) } : {}),
    });
    console.log(`created API key #${created.id} (${created.prefix}…) "${values.name}" with ${scopes.join(", ")}; it is shown once:`);
    console.log(created.key);
    return 0;
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // a refused argument (e.g. --rate over 10,000) names the field and the reason, not zod's JSON
    console.error(e instanceof ZodError ? e.issues.map((i) => `${i.path.join(".") || "argument"}: ${i.message}`).join("; ") : e instanceof Error ? e.message.split("\n")[0] : String(e));
    process.exit(1);
  },
);
