// The authorization matrix: every page, every route method and every exported server action of the app × anonymous,
// employee, manager, a manager of another department, the organiser of sample meeting 1, HR, admin. Areas list
// their rules in e2e/authz/<area>.ts (see e2e/authz/types.ts). A page.tsx, an exported GET/POST/PUT/PATCH/DELETE
// of a route.ts, or an exported action of a "use server" file that no area lists fails the first tests.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";
import { ROLES, type ActionRule, type MatrixContext, type Method, type Outcome, type RoleKey, type RouteRule } from "./authz/types";

const ROOT = path.resolve(__dirname, "..");
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function filesUnder(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, match));
    else if (match.test(e.name)) out.push(path.relative(ROOT, p).split(path.sep).join("/"));
  }
  return out.sort();
}

/** The HTTP methods a route.ts exports: `export (async) function GET`, `export const POST =`, `export const { GET, POST } =`, `export { GET }`. */
export function exportedMethods(source: string): Method[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:async\s+)?(?:function|const|let|var)\s+([A-Z]+)\b/gm)) found.add(m[1]);
  for (const m of source.matchAll(/^export\s+(?:const|let|var)?\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) found.add(part.trim().split(/\s+as\s+/).pop()!.trim());
  }
  return METHODS.filter((x) => found.has(x));
}

/** The server actions a "use server" module exports: its exported async functions and exported consts (viewerAction(...)). */
export function exportedActions(source: string): string[] {
  const body = source.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*/, "");
  if (!/^["']use server["']/.test(body)) return [];
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:async\s+function|const|let)\s+(\w+)/gm)) names.add(m[1]);
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}/gm)) for (const part of m[1].split(",")) if (part.trim()) names.add(part.trim().split(/\s+as\s+/).pop()!.trim());
  return [...names].sort();
}

function loadAreas(): { area: string; rules: RouteRule[]; actions: ActionRule[] }[] {
  const dir = path.join(ROOT, "e2e", "authz");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts")
    .sort()
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- areas are discovered on disk
      const mod = require(path.join(dir, f)) as { routes?: RouteRule[]; actions?: ActionRule[] };
      if (!Array.isArray(mod.routes)) throw new Error(`e2e/authz/${f} must export routes: RouteRule[]`);
      return { area: f.replace(/\.ts$/, ""), rules: mod.routes, actions: mod.actions ?? [] };
    });
}

/** Test titles must be unique: a second rule with the same title gets " (2)", and so on. */
function uniqueTitles<T>(items: T[], title: (t: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const base = title(it);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return [n === 1 ? base : `${base} (${n})`, it];
  });
}

const areas = loadAreas();
const allRules = areas.flatMap((a) => a.rules.map((r) => ({ ...r, area: a.area })));
const allActions = areas.flatMap((a) => a.actions.map((r) => ({ ...r, area: a.area })));

function classifyRedirect(location: string): Outcome {
  const u = new URL(location, "http://x");
  if (u.pathname === "/login") return "login";
  if (u.pathname === "/login/refused") return "refused";
  if (u.searchParams.get("notice") === "console_forbidden") return "forbidden";
  const error = u.searchParams.get("error");
  if (error === "forbidden") return "forbidden";
  if (error === "not_found") return "notfound";
  if (error) return "rejected"; // bad_request, conflict, or a page's own reason (the simulator's error=fault)
  return "redirect";
}

function classify(status: number, location: string | undefined, body: string): Outcome | `error ${number}` {
  if (status >= 300 && status < 400) return classifyRedirect(location ?? "/");
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

/** An action's reply (fetch-style): a redirect travels in x-action-redirect ("<url>;<push|replace>") with status 200. */
async function classifyAction(rule: ActionRule, res: APIResponse): Promise<string> {
  const redirect = res.headers()["x-action-redirect"];
  if (redirect) {
    const got = classifyRedirect(redirect.split(";")[0]);
    // A redirect back to the page with done=… is the action having run.
    return got === "redirect" ? "ok" : got;
  }
  if (res.status() >= 300 || res.status() < 200) return classify(res.status(), res.headers()["location"], "");
  const body = await res.text();
  return rule.result ? rule.result(body) : "ok";
}

// ---------------------------------------------------------------------------------------------- coverage

test("every page and every route method on disk is in the authorization matrix", () => {
  const listed = new Set(allRules.map((r) => `${r.file} ${r.method ?? "GET"}`));
  // A rule may assert that a method the file does not export answers 405 ("method"); any other rule must match an export.
  const asserted = new Set(allRules.filter((r) => r.expect !== "method").map((r) => `${r.file} ${r.method ?? "GET"}`));
  const onDisk: string[] = [];
  for (const f of filesUnder(path.join(ROOT, "app"), /^page\.(tsx|ts|jsx|js)$/)) onDisk.push(`${f} GET`);
  for (const f of filesUnder(path.join(ROOT, "app"), /^route\.(ts|js)$/)) {
    const methods = exportedMethods(fs.readFileSync(path.join(ROOT, f), "utf8"));
    expect(methods.length, `${f} exports no HTTP method the matrix knows`).toBeGreaterThan(0);
    for (const m of methods) onDisk.push(`${f} ${m}`);
  }
  expect(onDisk.length).toBeGreaterThan(100);
  const missing = onDisk.filter((k) => !listed.has(k));
  const stale = [...asserted].filter((k) => !onDisk.includes(k));
  expect(
    missing,
    `Add these (file + method) to an e2e/authz/<area>.ts file (see e2e/authz/types.ts), with what each role gets:\n${missing.join("\n")}`,
  ).toEqual([]);
  expect(stale, "rules for files or methods that no longer exist").toEqual([]);
});

test("every exported server action on disk is in the authorization matrix", () => {
  const onDisk: string[] = [];
  for (const f of [...filesUnder(path.join(ROOT, "app"), /\.(ts|tsx)$/), ...filesUnder(path.join(ROOT, "lib"), /\.(ts|tsx)$/)]) {
    for (const name of exportedActions(fs.readFileSync(path.join(ROOT, f), "utf8"))) onDisk.push(`${f}#${name}`);
  }
  // The ones the audit named are among them (the parser cannot silently find nothing).
  for (const named of ["app/console/sync/actions.ts#reconcileNowAction", "app/console/leaves/actions.ts#searchEmployeesAction", "app/console/api-keys/actions.ts#createApiKeyAction"]) {
    expect(onDisk).toContain(named);
  }
  const listed = new Set(allActions.map((a) => a.action));
  const missing = onDisk.filter((k) => !listed.has(k));
  const stale = [...listed].filter((k) => !onDisk.includes(k));
  expect(missing, `Add these server actions to an e2e/authz/<area>.ts file (actions: ActionRule[]):\n${missing.join("\n")}`).toEqual([]);
  expect(stale, "action rules for actions that no longer exist").toEqual([]);
});

test("the coverage parsers find methods and actions in every export form", () => {
  expect(exportedMethods("export const { GET, POST } = handlers;")).toEqual(["GET", "POST"]);
  expect(exportedMethods("export async function DELETE() {}\nexport const PATCH = handle(x);\nexport const dynamic = 1;")).toEqual(["PATCH", "DELETE"]);
  expect(exportedMethods("export { GET as PUT };")).toEqual(["PUT"]);
  expect(exportedActions('"use server";\nexport async function a() {}\nexport const b = viewerAction(s);\nexport interface C {}')).toEqual(["a", "b"]);
  expect(exportedActions('// comment\n"use server";\nexport async function a() {}')).toEqual(["a"]);
  expect(exportedActions('import x from "y";\nexport async function a() {}')).toEqual([]);
});

// ---------------------------------------------------------------------------------------------- the matrix

/** The build's action ids: <file>#<exportedName> → id (NEXT_DIST_DIR as next.config.js reads it). */
function actionIds(): Map<string, string> {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const file = path.join(ROOT, dist, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const out = new Map<string, string>();
  for (const [id, v] of Object.entries(manifest.node)) if (v.filename && v.exportedName) out.set(`${v.filename}#${v.exportedName}`, id);
  return out;
}

/**
 * The request body React's encodeReply makes of the arguments: plain values → a JSON text body; a FormData
 * argument (written `{ $form: fields }`) → multipart, the root array in part "0" with "$K<n>" for the form and its
 * fields as "_<n>_<name>" parts.
 */
function encodeReply(args: unknown[]): { body: string; contentType: string } | { form: FormData } {
  const forms: Record<string, string | string[]>[] = [];
  const root = args.map((a) => {
    if (a && typeof a === "object" && "$form" in a) {
      forms.push((a as { $form: Record<string, string | string[]> }).$form);
      return `$K${forms.length.toString(16)}`;
    }
    return a;
  });
  if (forms.length === 0) return { body: JSON.stringify(root), contentType: "text/plain;charset=UTF-8" };
  const fd = new FormData();
  forms.forEach((fields, i) => {
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(`_${i + 1}_${k}`, one);
  });
  fd.set("0", JSON.stringify(root));
  return { form: fd };
}

test.describe("authorization matrix", () => {
  const contexts = new Map<RoleKey, BrowserContext>();
  const ctx: MatrixContext = {
    origin: "",
    ids: { anonymous: null, employee: null, manager: null, otherManager: null, organiser: null, hr: null, admin: null },
    managersReport: 0,
  };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    const people = demoPeople();
    // db/seed.ts seedMeetings: the 技术中心周例会 meetings (sample meeting 1) are organised by the first D1xx person.
    const organiser = people.all.find((p) => p.departmentCode.startsWith("D1"))!;
    const who: Record<Exclude<RoleKey, "anonymous">, string> = {
      employee: people.employee.employeeNo,
      manager: people.manager.employeeNo,
      otherManager: people.otherManager.employeeNo,
      organiser: organiser.employeeNo,
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
    // The organiser row is only meaningful if they do organise sample meeting 1 (and are not HR).
    const m1 = (await (await contexts.get("organiser")!.request.get("/api/meetings/1")).json()) as { meeting: { organizerId: number; title: string }; canManage: boolean };
    expect([m1.meeting.organizerId, m1.canManage, m1.meeting.title]).toEqual([ctx.ids.organiser, true, "技术中心周例会"]);
  });

  test.afterAll(async () => {
    for (const c of contexts.values()) await c.close();
  });

  for (const [label, rule] of uniqueTitles(allRules, (r) => `${r.area}: ${r.method ?? "GET"} ${typeof r.path === "string" ? r.path : r.file}`)) {
    test(label, async () => {
      const results: string[] = [];
      const wanted: string[] = [];
      for (const role of ROLES) {
        const request: APIRequestContext = contexts.get(role)!.request;
        const url = typeof rule.path === "string" ? rule.path : rule.path(ctx);
        const method = rule.method ?? "GET";
        const data = typeof rule.data === "function" ? (rule.data as (c: MatrixContext) => unknown)(ctx) : rule.data;
        const res = await request.fetch(url, {
          method,
          maxRedirects: 0,
          ...(method === "GET"
            ? {}
            : rule.multipart
              ? { multipart: rule.multipart }
              : typeof data === "string"
                ? { data, headers: { "content-type": "text/xml" } }
                : { data: data ?? {} }),
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

  const ids = (() => {
    try {
      return actionIds();
    } catch {
      return null; // no build: the action rows fail with a reason below
    }
  })();

  for (const [label, rule] of uniqueTitles(allActions, (r) => `${r.area}: action ${r.action.split("#")[1]} (${r.page})`)) {
    test(label, async () => {
      expect(ids, "no .next/server/server-reference-manifest.json: build the app first (npx next build)").not.toBeNull();
      const id = ids!.get(rule.action);
      expect(id, `${rule.action} is not in the build's server-reference manifest (stale build?)`).toBeTruthy();
      const results: string[] = [];
      const wanted: string[] = [];
      for (const role of ROLES) {
        const request: APIRequestContext = contexts.get(role)!.request;
        const form = typeof rule.form === "function" ? rule.form(ctx, role) : rule.form;
        const args = form ? [{ $form: form }] : typeof rule.args === "function" ? rule.args(ctx, role) : (rule.args ?? []);
        const enc = encodeReply(args);
        const headers = { Accept: "text/x-component", "Next-Action": id!, ...("contentType" in enc ? { "content-type": enc.contentType } : {}) };
        const res = await request.fetch(rule.page, {
          method: "POST",
          maxRedirects: 0,
          headers,
          ...("form" in enc ? { multipart: enc.form } : { data: enc.body }),
        });
        const got = await classifyAction(rule, res);
        const want = typeof rule.expect === "string" ? rule.expect : rule.expect[role];
        results.push(`${role}=${got}`);
        wanted.push(`${role}=${want}`);
      }
      expect(results.join(" "), rule.note).toBe(wanted.join(" "));
    });
  }
});
