import { getDb, ping } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness with one database round trip: 200 {"status":"ok","db":"ok"}, or 503 with the reason. */
export async function GET() {
  try {
    await ping(await getDb());
    return Response.json({ status: "ok", db: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0].slice(0, 200) : "unknown error";
    return Response.json({ status: "error", db: "unreachable", reason }, { status: 503 });
  }
}
