// What a page ships to a phone, measured in a real browser: every script the page loads with a cold cache, counted
// as the bytes that crossed the wire (the gzip `next start` sends: Chromium's encoded body size), plus which known
// heavy libraries those scripts contain. Shared by the size-budget e2e test and `npm run bench -- pages`.
import { gzipSync } from "node:zlib";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export interface ScriptWeight {
  url: string;
  /** Body bytes as transferred (gzip from next start); level-9 gzip of the body if it came uncompressed. */
  gzipBytes: number;
  /** Libraries recognised in the script's text (see LIBRARY_MARKERS). */
  libraries: string[];
}

export interface PageWeight {
  /** Sum of the transferred (gzip) bodies of every script the page loaded. */
  jsGzipBytes: number;
  scripts: ScriptWeight[];
  /** Union of the libraries recognised in the page's scripts. */
  libraries: string[];
}

/**
 * Strings that survive minification and identify a library in a chunk: zod's class registry names
 * (`$constructor("$ZodError", …)`, `"$ZodType"`), Recharts' CSS class names (`recharts-surface`) and the
 * native bridges the vendor JS-SDKs look for (WeixinJSBridge; DingTalk's WebViewJavascriptBridge).
 */
export const LIBRARY_MARKERS: Record<string, RegExp> = {
  zod: /\$ZodType|\$ZodError/,
  recharts: /recharts-surface|recharts-wrapper/,
  "@wecom/jssdk": /WeixinJSBridge/,
  "dingtalk-jsapi": /WebViewJavascriptBridge/,
};

/** Opens `url` in a new page of `context` with the cache disabled and sums the scripts it loaded. */
export async function measurePageWeight(context: BrowserContext, url: string): Promise<PageWeight> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const pending: Promise<ScriptWeight | null>[] = [];
    page.on("requestfinished", (req) => {
      if (req.resourceType() !== "script") return;
      pending.push(
        (async () => {
          const res = await req.response();
          if (!res) return null;
          const body = await res.body();
          const encoded = /gzip|br|deflate|zstd/.test(res.headers()["content-encoding"] ?? "");
          const gzipBytes = encoded ? (await req.sizes()).responseBodySize : gzipSync(body, { level: 9 }).length;
          const text = body.toString("utf8");
          const libraries = Object.entries(LIBRARY_MARKERS)
            .filter(([, re]) => re.test(text))
            .map(([name]) => name);
          return { url: req.url(), gzipBytes, libraries };
        })().catch(() => null),
      );
    });
    await page.goto(url, { waitUntil: "load" });
    // Scripts a page pulls in right after load (lazy chunks of above-the-fold components) count too.
    await page.waitForLoadState("networkidle");
    const scripts = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null);
    const unique = new Map(scripts.map((s) => [new URL(s.url).pathname, s]));
    const list = [...unique.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      jsGzipBytes: list.reduce((n, s) => n + s.gzipBytes, 0),
      scripts: list,
      libraries: [...new Set(list.flatMap((s) => s.libraries))].sort(),
    };
  } finally {
    await page.close();
  }
}

/** The workbench pages an employee opens every day (issue 12); `meetingId` fills the two meeting routes. */
export function workbenchPages(meetingId: number | null, approvalId: number | null = null): { name: string; path: string }[] {
  const pages = [
    { name: "home", path: "/" },
    { name: "meetings", path: "/meetings" },
    { name: "scan", path: "/meetings/scan" },
    { name: "attendance", path: "/attendance" },
    { name: "team", path: "/attendance/team" },
    { name: "todos", path: "/todos" },
    { name: "apply-leave", path: "/todos/apply/leave" },
    { name: "apply-correction", path: "/todos/apply/correction" },
    { name: "apply-overtime", path: "/todos/apply/overtime" },
    { name: "apply-excuse", path: "/todos/apply/meeting-excuse" },
    { name: "delegate", path: "/todos/delegate" },
    { name: "me", path: "/me" },
  ];
  if (meetingId !== null) pages.splice(2, 0, { name: "meeting", path: `/meetings/${meetingId}` }, { name: "checkin", path: `/checkin?m=${meetingId}` });
  if (approvalId !== null) pages.splice(pages.findIndex((p) => p.name === "todos") + 1, 0, { name: "approval", path: `/todos/approvals/${approvalId}` });
  return pages;
}

/** The id of the OA approval todo `oaId` once it is in the viewer's 待办 (the inbox worker writes it within seconds). */
export async function firstApprovalId(page: Page, baseURL: string, oaId: string): Promise<number | null> {
  let href: string | undefined;
  await expect(async () => {
    await page.goto(`${baseURL}/todos`);
    href = await page.locator('[data-testid="todo-approval"]').filter({ hasText: oaId.slice(-6) }).first().getAttribute("href", { timeout: 1_000 }) ?? undefined;
    expect(href).toMatch(/^\/todos\/approvals\/\d+$/);
  }).toPass({ timeout: 45_000 }); // behind whatever the inbox worker has queued on a loaded CI machine
  return href ? Number(href.split("/")[3]) : null;
}

/** A meeting id the signed-in viewer can open, read off the meetings list (null when the list is empty). */
export async function firstMeetingId(page: Page, baseURL: string): Promise<number | null> {
  await page.goto(`${baseURL}/meetings`);
  const href = await page.locator('a[href^="/meetings/"]').evaluateAll((as) =>
    as.map((a) => a.getAttribute("href") ?? "").find((h) => /^\/meetings\/\d+$/.test(h)),
  );
  return href ? Number(href.split("/")[2]) : null;
}

/**
 * JavaScript of a bare Next.js App Router page (a layout and a heading) built with this checkout's next 16.4.5 and
 * react 19.3.1: the bytes Chromium received (gzip from `next start`) for its five scripts, cold cache. Measured
 * 2026-12-05 with `npm run bench -- pages` (it builds that page in a temp dir in the same run and prints it as
 * "bare"). Update it with the bench's number when Next or React is upgraded.
 */
export const BARE_NEXT_PAGE_JS_BYTES = 135_072;

/** Budget: how much more (gzip) JavaScript than a bare Next.js page a workbench page may ship (issue 12). */
export const OVER_BARE_BUDGET_BYTES = 15 * 1024;

/** Libraries that must never reach a workbench page: console charts and validation schemas stay off phones. */
export const FORBIDDEN_ON_WORKBENCH = ["recharts", "zod"];
