// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `BUILD_STANDALONE=1 next build` for container deployments (node .next/standalone/server.js).
  output: process.env.BUILD_STANDALONE === "1" ? "standalone" : undefined,
  // A separate build directory lets several builds (e.g. CI's two databases) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: [
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
  devIndicators: false,
};

module.exports = withNextIntl(nextConfig);
