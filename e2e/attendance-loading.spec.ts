// The attendance pages' route-level loading skeletons (loading.tsx), looked at in both languages: 我的团队 on the
// workbench at 390×844 as a manager inside WeCom, and the console's board, sheet, sheet templates, trends, daily
// report and approvals at 1440×900 as HR. Screenshots: test-results/gallery/<lang>/<name>-loading.png, next to
// the loaded states from attendance-gallery.spec.ts.
//
// How: a full document load, frozen at the moment the server has flushed the shell but is still rendering the
// page. With streaming SSR the server first sends the shell with the route's Suspense fallback — the loading.tsx
// markup after `<!--$?--><template id="B:0"></template>` — and only later the content (`<div hidden id="S:0">…`,
// `$RC("B:0","S:0")`) and the RSC payload (`self.__next_f.push`). The test fetches the real document, cuts it
// right before the first byte that fills the boundary, and serves those bytes followed by a parser-blocking
// script that never arrives: to the browser, exactly a connection that is still open. (Ending the document
// instead would let Next close its RSC stream on DOMContentLoaded, and React then fails hydration with
// "Connection closed", error #412.) So the page's scripts load and, with none of the RSC payload yet, nothing
// hydrates: the screen is the streamed HTML, the shell and the route's fallback.
// A document with no pending boundary (the page finished before the shell was flushed, so no fallback was ever
// streamed) is fetched again, then fails the test: it never passes without a skeleton on screen.
//
// On a document load of /console/attendance/sheet/templates the shell holds the *sheet's* skeleton (考勤月报), in
// every load we tried: the route is nested in sheet/, and the sheet's boundary is the outermost one pending when
// the shell is flushed. Our reading: templates/loading.tsx is an async server component, so its fallback is a lazy
// reference in the RSC payload, still unresolved at that moment; a Suspense boundary whose fallback suspends
// cannot show it, and the wait falls to the sheet's boundary. The templates skeleton is not in the HTML at all;
// it can only show on a client navigation from the sheet. The test accepts either and records which one it saw.
import fs from "node:fs";
import { expect, test, type Page, type Route } from "@playwright/test";
import { demoPeople, loginAs } from "./fixtures";

const OUT = "test-results/gallery";
const LANGS = ["zh-CN", "en"] as const;
type Lang = (typeof LANGS)[number];
test.beforeAll(() => LANGS.forEach((l) => fs.mkdirSync(`${OUT}/${l}`, { recursive: true })));

/** Stands in for the rest of the stream: a parser-blocking script, never answered. */
const STILL_STREAMING = "/__e2e-stream-still-open.js";

type Cut = { body: string; boundary: string; skeleton: string };

/**
 * The bytes a browser holds while the server is still rendering the page: everything before the first chunk
 * that fills the route's loading boundary; or why not, when the document has no pending boundary.
 */
function cutWhileStreaming(html: string): Cut | { why: string } {
  const pending = /<!--\$\?--><template id="(B:[0-9a-z]+)"><\/template>/.exec(html);
  if (!pending) return { why: "no pending Suspense boundary (`<!--$?--><template id=\"B:…\">`): no loading boundary on the route, or the page finished before the shell was flushed" };
  const from = pending.index + pending[0].length;
  const fill = /<div hidden id="S:|\$R[CSX]\("/.exec(html.slice(from));
  if (!fill) return { why: `boundary ${pending[1]} is never filled in the document` };
  const fallback = html.slice(from, from + fill.index);
  const skeleton = /data-testid="([\w-]+-loading)"/.exec(fallback)?.[1];
  if (!skeleton) return { why: `boundary ${pending[1]}'s fallback has no *-loading test id: ${fallback.slice(0, 200)}` };
  return { body: html.slice(0, from + fill.index), boundary: pending[1], skeleton };
}

/** Opens `path` as a document load cut at its loading boundary; returns what was cut. */
async function openLoading(page: Page, path: string): Promise<Cut> {
  let cut: Cut | undefined;
  let failure: string | undefined;
  await page.route(
    (url) => url.pathname === path,
    async (route: Route) => {
      let why = "";
      for (let attempt = 1; attempt <= 3; attempt++) {
        const res = await route.fetch();
        const html = await res.text();
        const got = cutWhileStreaming(html);
        if ("body" in got) {
          cut = got;
          const headers = { ...res.headers() };
          for (const h of ["content-length", "content-encoding", "transfer-encoding"]) delete headers[h];
          await route.fulfill({ status: res.status(), headers, body: `${got.body}<script src="${STILL_STREAMING}"></script>` });
          return;
        }
        why = `attempt ${attempt} (HTTP ${res.status()}): ${got.why}`;
      }
      failure = why;
      await route.fulfill({ status: 500, contentType: "text/plain", body: `no loading boundary streamed: ${why}` });
    },
    { times: 1 },
  );
  await page.goto(path, { waitUntil: "commit" });
  // the handler has answered by the time the navigation commits
  expect(failure, `${path}: a loading skeleton was streamed`).toBeUndefined();
  expect(cut, `${path} was cut`).toBeDefined();
  return cut!;
}

/** The skeleton is on screen, styled, in `lang`; the page's content is nowhere in the DOM; nothing crashed. */
async function assertLoading(page: Page, lang: Lang, cut: Cut, content: string, errors: string[]) {
  await expect(page.getByTestId(cut.skeleton)).toBeVisible();
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((l) => l.sheet !== null));
  // read in one round trip rather than one per expect: keeps the suite fast
  const seen = await page.evaluate(
    ({ skeleton, boundary, content }) => {
      const el = document.querySelector(`[data-testid="${skeleton}"]`);
      return {
        lang: document.documentElement.lang,
        busy: el?.getAttribute("aria-busy"),
        heading: el?.querySelector("h1")?.textContent?.trim() ?? null,
        // still streaming: the boundary is pending, no content segment has arrived, the document is not finished
        pending: document.getElementById(boundary)?.tagName ?? null,
        segments: document.querySelectorAll('[id^="S:"]').length,
        content: document.querySelectorAll(content).length,
        readyState: document.readyState,
      };
    },
    { skeleton: cut.skeleton, boundary: cut.boundary, content },
  );
  expect(seen).toMatchObject({ lang, busy: "true", pending: "TEMPLATE", segments: 0, content: 0, readyState: "loading" });
  if (seen.heading && lang === "en") expect(seen.heading, "an English heading").not.toMatch(/[\u4e00-\u9fff]/);
  if (seen.heading && lang === "zh-CN") expect(seen.heading, "a Chinese heading").toMatch(/[\u4e00-\u9fff]/);
  expect(errors, "page errors").toEqual([]);
}

async function setLang(page: Page, lang: Lang) {
  await page.context().addCookies([{ name: "locale", value: lang, url: new URL(page.url()).origin }]);
}

const shot = (page: Page, lang: Lang, name: string) =>
  page.screenshot({ path: `${OUT}/${lang}/${name}-loading.png`, fullPage: true, animations: "disabled" });

/** Errors thrown in the page, and the stand-in for the rest of the stream. */
async function prepare(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(`**${STILL_STREAMING}`, () => {
    /* never answered: the document stays "loading" */
  });
  return errors;
}

test.describe("workbench at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("我的团队 (manager) loading skeleton — zh-CN and en", async ({ page }) => {
    const { manager } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: manager.employeeNo });
    const errors = await prepare(page);
    for (const lang of LANGS) {
      await setLang(page, lang);
      const cut = await openLoading(page, "/attendance/team");
      expect(cut.skeleton).toBe("board-loading");
      await assertLoading(page, lang, cut, '[data-testid="board"], [data-testid="forbidden"]', errors);
      await shot(page, lang, "wb-team");
    }
  });
});

test.describe("console at 1440×900 (HR)", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  const PAGES: { path: string; name: string; skeletons: string[]; content: string }[] = [
    { path: "/console/attendance/board", name: "board", skeletons: ["board-loading"], content: '[data-testid="board"], [data-testid="board-empty"], [data-testid="board-week"]' },
    { path: "/console/attendance/sheet", name: "sheet", skeletons: ["sheet-loading"], content: '[data-testid="sheet-heading"], [data-testid="sheet-page"], [data-testid="sheet-table"]' },
    // the sheet's skeleton on a document load (see the header); the templates' own should the shell ever hold it
    { path: "/console/attendance/sheet/templates", name: "sheet-templates", skeletons: ["sheet-loading", "templates-loading"], content: '[data-testid="templates-heading"], [data-testid="templates-manager"]' },
    { path: "/console/attendance/trends", name: "trends", skeletons: ["trends-loading"], content: '[data-testid="trends-heading"], [data-testid="trends-page"]' },
    { path: "/console/attendance/daily", name: "daily", skeletons: ["daily-loading"], content: '[data-testid="daily-page"], [data-testid="daily-counts"]' },
    { path: "/console/approvals", name: "approvals", skeletons: ["approvals-loading"], content: '[data-testid="approvals-heading"], [data-testid="approvals-page"]' },
  ];

  test("board, sheet, sheet templates, trends, daily report, approvals loading skeletons — zh-CN and en", async ({ page }) => {
    const { hr } = demoPeople();
    await loginAs(page, { vendor: "wecom", employeeNo: hr.employeeNo, ua: "pc" });
    const errors = await prepare(page);
    for (const lang of LANGS) {
      await setLang(page, lang);
      for (const p of PAGES) {
        const cut = await openLoading(page, p.path);
        expect(p.skeletons, `${p.path}: the skeleton streamed`).toContain(cut.skeleton);
        if (p.skeletons.length > 1) test.info().annotations.push({ type: "skeleton", description: `${p.path} (${lang}): ${cut.skeleton}` });
        await assertLoading(page, lang, cut, p.content, errors);
        await shot(page, lang, `console-${p.name}`);
      }
    }
  });
});
