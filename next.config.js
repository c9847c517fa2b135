// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// Content-Security-Policy of every response. Who may frame the app (frame-ancestors):
// - the app itself;
// - DingTalk's PC client, which shows an H5 micro-app in an iframe of a *.dingtalk.com page: dingtalk-jsapi's PC
//   bridge (node_modules/dingtalk-jsapi/lib/packages/frame-talk-client-pc) talks to `window.top` by postMessage
//   and only to a host origin ending in ".dingtalk.com";
// - not WeCom: its mobile and PC clients open the app in their own webview (@wecom/jssdk's bridge is the native
//   WeixinJSBridge, no parent frame), so no WeCom origin is listed.
// script-src: 'unsafe-inline' because Next's App Router streams inline bootstrap scripts; nonces would make
// every page dynamic. The list still keeps out every remote script host: neither @wecom/jssdk nor
// dingtalk-jsapi loads a script (both reach the client through its native bridge). Images, styles (Recharts and
// Next set inline styles), media and connections are left to the browser's defaults: the QR code is a data: URL
// and the camera fallback a MediaStream. 'unsafe-eval' only for `next dev` (React's dev tooling needs it).
const contentSecurityPolicy = [
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "production" ? "" : " 'unsafe-eval'"}`,
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self' https://*.dingtalk.com",
].join("; ");

/** On every response (pages, API, static files); HSTS is set by proxy.ts, only when APP_URL is https. */
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `BUILD_STANDALONE=1 next build` for container deployments (node .next/standalone/server.js).
  output: process.env.BUILD_STANDALONE === "1" ? "standalone" : undefined,
  // A separate build directory lets several builds (e.g. CI's two databases) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: [
    "chinese-days", // its "module" build is ESM inside a "type": "commonjs" package, which Turbopack refuses; Node loads its CJS main
    "@electric-sql/pglite",
    "pg",
    "pg-boss",
    "pino",
    "prom-client",
    "dingtalk-stream",
    "exceljs",
    "@wecom/crypto",
    "ws",
  ],
  outputFileTracingIncludes: { "/*": ["./db/migrations/**/*", "./messages/**/*"] },
  // `npm run typecheck` checks types once; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  turbopack: {
    // Phones get a small ICU formatter for next-intl's client hooks instead of intl-messageformat and its parser
    // (~14 KB gzip on every workbench page, issue 12); the server keeps the real one. i18n/message-format.test.ts
    // checks every message against the real package.
    resolveAlias: { "intl-messageformat": { browser: "./i18n/message-format.ts" } },
  },
  devIndicators: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  experimental: {
    // The stylesheet goes into the document as a <style> instead of a render-blocking <link>: a phone on a slow
    // network paints with the document instead of a round trip later (one Tailwind sheet, ~13 KB gzip; issue 12).
    inlineCss: true,
    // proxy.ts sees the API (to origin-check writes), so Next copies each request body for it and cuts the copy —
    // and the body the route then reads — at this size (default 10 MB). The import route refuses files over
    // 10 MB itself with a 413 naming the limit; it needs to see more than 10 MB to do so.
    proxyClientMaxBodySize: "16mb",
  },
};

module.exports = withNextIntl(nextConfig);
