// The official vendor callback-crypto vectors. The project's shared/ folder (../shared/vendors/vectors.json) is
// the source of truth when present; tests/fixtures/vendor-vectors.json is a committed copy for clones without it.
import fs from "node:fs";
import path from "node:path";

export function loadVendorVectors(): Record<string, unknown> & { wecom: unknown[]; dingtalk: unknown[] } {
  const shared = path.resolve(process.cwd(), "../shared/vendors/vectors.json");
  const file = fs.existsSync(shared) ? shared : path.resolve(process.cwd(), "tests/fixtures/vendor-vectors.json");
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
