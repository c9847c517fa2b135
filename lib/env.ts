// The one place that reads process.env (STYLE habit 6). Parsed once, with clear errors at start.
// Every variable is optional: a fresh clone runs with none of them (simulator mode, embedded PGlite).
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

// WeCom/DingTalk EncodingAESKey: 43 characters of base64 without the trailing "=".
const aesKey43 = optionalString.refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}$/.test(v), {
  message: "must be the 43-character EncodingAESKey from the vendor console",
});

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: optionalString,
  APP_URL: optionalUrl,
  AUTH_SECRET: optionalString,
  ORG_TIMEZONE: z
    .string()
    .default("Asia/Shanghai")
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be an IANA time zone such as Asia/Shanghai" },
    ),

  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString,
  WECOM_SECRET: optionalString,
  WECOM_CALLBACK_TOKEN: optionalString,
  WECOM_CALLBACK_AES_KEY: aesKey43,
  WECOM_API_BASE: optionalUrl,
  // In-app OAuth scope: snsapi_privateinfo asks for consent and returns mobile/email (wecom.md §2.1, §2.4).
  WECOM_OAUTH_SCOPE: z.enum(["snsapi_base", "snsapi_privateinfo"]).default("snsapi_base"),

  DINGTALK_CORP_ID: optionalString,
  DINGTALK_AGENT_ID: optionalString,
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_CALLBACK_TOKEN: optionalString,
  DINGTALK_CALLBACK_AES_KEY: aesKey43,
  DINGTALK_OAPI_BASE: optionalUrl,
  DINGTALK_API_BASE: optionalUrl,
  DINGTALK_LOGIN_BASE: optionalUrl,
  DINGTALK_STREAM: boolish,
  // Staging only: keep the simulator for the vendors without credentials beside a configured one (red banner).
  SIMULATOR: z
    .enum(["on", "off", ""], { message: "must be on or off" })
    .optional()
    .transform((v) => v === "on"),
  // Simulator mode + DINGTALK_STREAM: the simulated Stream gateway's WebSocket port (0 = any free port) and an
  // optional file that keeps its unacked events across app restarts (lib/vendors/sim/dingtalk-stream-runtime.ts).
  DINGTALK_SIM_STREAM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DINGTALK_SIM_STREAM_STATE_FILE: optionalString,

  TENCENT_MEETING_TOKEN: optionalString,
  TENCENT_MEETING_AES_KEY: optionalString,
  // Tencent Meeting REST API (reconciliation): enterprise self-built app credentials (tencent-meeting.md).
  TENCENT_MEETING_APP_ID: optionalString,
  TENCENT_MEETING_SDK_ID: optionalString,
  TENCENT_MEETING_SECRET_ID: optionalString,
  TENCENT_MEETING_SECRET_KEY: optionalString,
  TENCENT_MEETING_OPERATOR_ID: optionalString,
  TENCENT_MEETING_API_BASE: optionalUrl,
  ZOOM_WEBHOOK_SECRET: optionalString,
  // Zoom Server-to-Server OAuth app (reconciliation via the past-meeting participants report).
  ZOOM_ACCOUNT_ID: optionalString,
  ZOOM_CLIENT_ID: optionalString,
  ZOOM_CLIENT_SECRET: optionalString,
  ZOOM_API_BASE: optionalUrl,
  ZOOM_OAUTH_BASE: optionalUrl,
  AGORA_NCS_SECRET: optionalString,

  CALLBACK_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(300),

  OA_SINK: z.enum(["none", "postgres", "http"]).default("none"),
  OA_DATABASE_URL: optionalString,
  OA_WEBHOOK_URL: optionalUrl,
  OA_WEBHOOK_SECRET: optionalString,
  OA_RETRY_HORIZON_HOURS: z.coerce.number().positive().default(24),
  // Oldest undelivered outbox row older than this → chat alert to admins (sync health page).
  OA_LAG_ALERT_MINUTES: z.coerce.number().positive().default(15),
  // For OAs that cannot push approval todos: the app pulls them from this endpoint every 5 minutes, each request
  // signed with OA_APPROVALS_SECRET (lib/approvals/oa-pull.ts, docs/oa/approvals-pull.md). Unset: no pull.
  OA_APPROVALS_URL: optionalUrl,
  OA_APPROVALS_SECRET: optionalString,
  // Pull API: requests per API key per minute, shared by every instance (counted in PostgreSQL).
  OA_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),

  // Org sync shrink guard: a full sync that would mark more than this share of the people linked to a vendor
  // departed, or more than this many people (either one), waits for HR to confirm it on /console/org.
  ORG_SYNC_SHRINK_MAX_PERCENT: z.coerce.number().min(0).max(100).default(5),
  ORG_SYNC_SHRINK_MAX_PEOPLE: z.coerce.number().int().min(0).default(20),

  // GET /api/metrics: when set, the scrape must send `Authorization: Bearer <token>` (Prometheus bearer_token);
  // unset, the endpoint is open and meant to be reachable only from the monitoring network.
  METRICS_TOKEN: optionalString,

  // Job workers: the web process runs them unless told not to (always on PGlite, which is single-process).
  WORKERS_IN_WEB: z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => v !== "0" && v !== "false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true")),
});

export type Env = z.infer<typeof schema>;

function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (environment variables):\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.OA_SINK === "postgres" && !env.OA_DATABASE_URL) {
    throw new Error("Invalid configuration: OA_SINK=postgres needs OA_DATABASE_URL");
  }
  if (env.OA_APPROVALS_URL && !env.OA_APPROVALS_SECRET) {
    throw new Error("Invalid configuration: OA_APPROVALS_URL needs OA_APPROVALS_SECRET");
  }
  if (env.OA_SINK === "http" && (!env.OA_WEBHOOK_URL || !env.OA_WEBHOOK_SECRET)) {
    throw new Error("Invalid configuration: OA_SINK=http needs OA_WEBHOOK_URL and OA_WEBHOOK_SECRET");
  }
  return env;
}

const globalForEnv = globalThis as unknown as { __qiandaoEnv?: Env };

/** The parsed configuration. Tests may call `resetEnvForTests()` after changing process.env. */
export function env(): Env {
  if (!globalForEnv.__qiandaoEnv) globalForEnv.__qiandaoEnv = parseEnv(process.env);
  return globalForEnv.__qiandaoEnv;
}

export function resetEnvForTests(): void {
  globalForEnv.__qiandaoEnv = undefined;
}

export type Vendor = "wecom" | "dingtalk";
/** real: credentials set; simulated: served by the built-in simulator; disabled: no login, no callbacks, no API. */
export type VendorMode = "real" | "simulated" | "disabled";
/** demo: no vendor configured, everything simulated; configured: only the configured vendors exist; staging: SIMULATOR=on. */
export type DeploymentMode = "demo" | "configured" | "staging";

/** A vendor counts as configured once it has credentials (WeCom CorpID + Secret; DingTalk AppKey + AppSecret). */
export function vendorConfigured(vendor: Vendor, e: Env = env()): boolean {
  return vendor === "wecom" ? Boolean(e.WECOM_CORP_ID && e.WECOM_SECRET) : Boolean(e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET);
}

export function deploymentMode(e: Env = env()): DeploymentMode {
  if (e.SIMULATOR) return "staging";
  return vendorConfigured("wecom", e) || vendorConfigured("dingtalk", e) ? "configured" : "demo";
}

/** The simulator (its /sim pages, /api/sim routes and public keys) exists only in the demo and on staging. */
export function simulatorEnabled(e: Env = env()): boolean {
  return deploymentMode(e) !== "configured";
}

export function vendorMode(vendor: Vendor, e: Env = env()): VendorMode {
  if (vendorConfigured(vendor, e)) return "real";
  return simulatorEnabled(e) ? "simulated" : "disabled";
}

export function vendorEnabled(vendor: Vendor, e: Env = env()): boolean {
  return vendorMode(vendor, e) !== "disabled";
}

/** WeCom is served by the simulator (no credentials, and the deployment allows the simulator). */
export function wecomSimulated(): boolean {
  return vendorMode("wecom") === "simulated";
}

export function dingtalkSimulated(): boolean {
  return vendorMode("dingtalk") === "simulated";
}

export function appUrl(): string {
  return env().APP_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
}

export { parseEnv };
