// The authorization matrix: every page and API route of the app × anonymous, employee, manager, a manager of
// another department, HR, admin. Areas list their routes in e2e/authz/<area>.ts (see e2e/authz/types.ts).
// A page.tsx or route.ts on disk that no area lists fails the first test.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";
import { ROLES, type MatrixContext, type Outcome, type RoleKey, type RouteRule } from "./authz/types";

const ROOT = path.resolve(__dirname, "..");

function routeFiles(dir = path.join(ROOT, "app")): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...routeFiles(p));
    else if (/^(page\.(tsx|ts|jsx|js)|route\.(ts|js))$/.test(e.name)) out.push(path.relative(ROOT, p).split(path.sep).join("/"));
  }
  return out.sort();
}

function loadAreas(): { area: string; rules: RouteRule[] }[] {
  const dir = path.join(ROOT, "e2e", "authz");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts")
    .sort()
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- areas are discovered on disk
      const mod = require(path.join(dir, f)) as { routes?: RouteRule[] };
      if (!Array.isArray(mod.routes)) throw new Error(`e2e/authz/${f} must export routes: RouteRule[]`);
      return { area: f.replace(/\.ts$/, ""), rules: mod.routes };
    });
}

const areas = loadAreas();
const allRules = areas.flatMap((a) => a.rules.map((r) => ({ ...r, area: a.area })));

function classify(status: number, location: string | undefined, body: string): Outcome | `error ${number}` {
  if (status >= 300 && status < 400) {
    const u = new URL(location ?? "/", "http://x");
    if (u.pathname === "/login") return "login";
    if (u.pathname === "/login/refused") return "refused";
    if (u.searchParams.get("notice") === "console_forbidden") return "forbidden";
    return "redirect";
  }
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "notfound";
  if (status === 405) return "method";
  if ([400, 409, 413, 415, 422].includes(status)) return "rejected";
  if (status >= 200 && status < 300) {
    if (body.includes('data-testid="forbidden"')) return "forbidden";
    // notFound() below a loading.tsx boundary streams with status 200; Next marks the document noindex then.
    if (body.includes('<meta name="robots" content="noindex"/>') || body.includes('data-testid="not-found"')) return "notfound";
    return "ok";
  }
  return `error ${status}`;
}

test("every page and route on disk is in the authorization matrix", () => {
  const listed = new Set(allRules.map((r) => r.file));
  const missing = routeFiles().filter((f) => !listed.has(f));
  const stale = [...listed].filter((f) => !fs.existsSync(path.join(ROOT, f)));
  expect(
    missing,
    `Add these to an e2e/authz/<area>.ts file (see e2e/authz/types.ts), with what each role may read:\n${missing.join("\n")}`,
  ).toEqual([]);
  expect(stale, "rules for files that no longer exist").toEqual([]);
});

test.describe("authorization matrix", () => {
  const contexts = new Map<RoleKey, BrowserContext>();
  const ctx: MatrixContext = { origin: "", ids: { anonymous: null, employee: null, manager: null, otherManager: null, hr: null, admin: null }, managersReport: 0 };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const people = demoPeople();
    const who: Record<Exclude<RoleKey, "anonymous">, string> = {
      employee: people.employee.employeeNo,
      manager: people.manager.employeeNo,
      otherManager: people.otherManager.employeeNo,
      hr: people.hr.employeeNo,
      admin: people.admin.employeeNo,
    };
    contexts.set("anonymous", await browser.newContext());
    for (const [role, employeeNo] of Object.entries(who) as [Exclude<RoleKey, "anonymous">, string][]) {
      const c = await browser.newContext();
      const page = await c.newPage();
      await page.goto("/api/health");
      await loginAs(page, { vendor: "wecom", employeeNo });
      ctx.origin = new URL(page.url()).origin;
      const s = (await (await c.request.get("/api/auth/session")).json()) as { employeeId: number };
      ctx.ids[role] = s.employeeId;
      await page.close();
      contexts.set(role, c);
    }
    // `employee` works in a team below the department `manager` leads: an (indirect) report.
    ctx.managersReport = ctx.ids.employee!;
  });

  test.afterAll(async () => {
    for (const c of contexts.values()) await c.close();
  });

  for (const rule of allRules) {
    const label = `${rule.area}: ${rule.method ?? "GET"} ${typeof rule.path === "string" ? rule.path : rule.file}`;
    test(label, async () => {
      const results: string[] = [];
      const wanted: string[] = [];
      for (const role of ROLES) {
        const request: APIRequestContext = contexts.get(role)!.request;
        const url = typeof rule.path === "string" ? rule.path : rule.path(ctx);
        const method = rule.method ?? "GET";
        const res = await request.fetch(url, {
          method,
          maxRedirects: 0,
          ...(method === "GET" ? {} : typeof rule.data === "string" ? { data: rule.data, headers: { "content-type": "text/xml" } } : { data: rule.data ?? {} }),
        });
        const body = (res.headers()["content-type"] ?? "").includes("text/html") ? await res.text() : "";
        const got = classify(res.status(), res.headers()["location"], body);
        const want = typeof rule.expect === "string" ? rule.expect : rule.expect[role];
        results.push(`${role}=${got}`);
        wanted.push(`${role}=${want}`);
      }
      expect(results.join(" "), rule.note).toBe(wanted.join(" "));
    });
  }
});
