// The message catalogues: the same keys in zh-CN and en, and one voice in Chinese — 你, never 您 — across the
// workbench, the console and sign-in (issue 11 item 9).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = (locale: string) => path.join(process.cwd(), "messages", locale);
const files = fs.readdirSync(dir("zh-CN")).filter((f) => f.endsWith(".json"));

function leaves(o: unknown, prefix = ""): [string, string][] {
  if (typeof o === "string") return [[prefix, o]];
  if (o && typeof o === "object") return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

describe("messages", () => {
  it.each(files)("%s: zh-CN uses 你, not 您", (f) => {
    const polite = leaves(JSON.parse(fs.readFileSync(path.join(dir("zh-CN"), f), "utf8"))).filter(([, v]) => v.includes("您"));
    expect(polite.map(([k]) => k)).toEqual([]);
  });

  it.each(files)("%s: en has the same keys as zh-CN", (f) => {
    const zh = leaves(JSON.parse(fs.readFileSync(path.join(dir("zh-CN"), f), "utf8"))).map(([k]) => k).sort();
    const en = leaves(JSON.parse(fs.readFileSync(path.join(dir("en"), f), "utf8"))).map(([k]) => k).sort();
    expect(en).toEqual(zh);
  });
});
