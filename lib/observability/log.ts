// Structured JSON logs. Never log secrets or personal data: the redact list covers the usual carriers.
import pino from "pino";
import { env } from "@/lib/env";

const globalForLog = globalThis as unknown as { __qiandaoLog?: pino.Logger };

export const log: pino.Logger =
  globalForLog.__qiandaoLog ??
  (globalForLog.__qiandaoLog = pino({
    level: env().LOG_LEVEL,
    base: { app: "qiandao" },
    redact: {
      paths: [
        "*.mobile", "*.email", "*.phone", "*.password", "*.secret", "*.token", "*.access_token", "*.accessToken",
        "*.authorization", "*.cookie", "*.code", "*.encrypt", "*.raw", "*.payload",
        "*.params", "*.parameters", "*.detail", // query values (db/client.ts logs statement ids instead)
        "req.headers.authorization", "req.headers.cookie",
      ],
      censor: "[redacted]",
    },
  }));

/** A request-scoped child logger: the request id ties every line of one request together. */
export function requestLogger(req: Request): pino.Logger {
  const id = req.headers.get("x-request-id") ?? crypto.randomUUID();
  return log.child({ reqId: id });
}
