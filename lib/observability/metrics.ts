// Prometheus metrics (prom-client), one registry per process shared across Next's route bundles.
import client from "prom-client";

type Metrics = {
  registry: client.Registry;
  callbacks: client.Counter<"source" | "outcome">;
  ackLatency: client.Histogram<"source">;
  handled: client.Counter<"source" | "outcome">;
  outbox: client.Counter<"sink" | "outcome">;
  notifications: client.Counter<"channel" | "outcome">;
};

const g = globalThis as unknown as { __qiandaoMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    callbacks: new client.Counter({
      name: "qiandao_callbacks_total",
      help: "Vendor callbacks received, by source and outcome (stored, duplicate, rejected_4xx, error_5xx)",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    ackLatency: new client.Histogram({
      name: "qiandao_callback_ack_seconds",
      help: "Time from request start to acknowledgement",
      labelNames: ["source"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    handled: new client.Counter({
      name: "qiandao_inbox_handled_total",
      help: "Inbox events processed by workers, by source and outcome",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    outbox: new client.Counter({
      name: "qiandao_oa_outbox_total",
      help: "OA outbox deliveries by sink and outcome",
      labelNames: ["sink", "outcome"],
      registers: [registry],
    }),
    notifications: new client.Counter({
      name: "qiandao_notifications_total",
      help: "Chat notifications by channel and outcome",
      labelNames: ["channel", "outcome"],
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  return (g.__qiandaoMetrics ??= create());
}
