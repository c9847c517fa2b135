// Zoom report API: participants of a past meeting, for reconciliation.
// GET /v2/report/meetings/{meetingId}/participants?page_size=300&next_page_token= with a Server-to-Server OAuth
// bearer token (developers.zoom.us/docs/api/reports/#tag/reports/GET/report/meetings/{meetingId}/participants):
// participants[{id, user_id, name, user_email, join_time, leave_time, duration}], next_page_token ("" at the end).
import { z } from "zod";

export interface ZoomReportConfig {
  baseUrl?: string; // https://api.zoom.us
  accessToken: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const zoomParticipant = z.looseObject({
  id: z.string().optional().default(""),
  user_id: z.string().optional().default(""),
  name: z.string().optional().default(""),
  user_email: z.string().optional().default(""),
  join_time: z.string(),
  leave_time: z.string().optional(),
  duration: z.number().optional(),
});
const zoomPage = z.looseObject({
  participants: z.array(zoomParticipant).default([]),
  next_page_token: z.string().optional().default(""),
  total_records: z.number().optional(),
});
export type ZoomReportParticipant = z.infer<typeof zoomParticipant>;

export class ZoomApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ZoomApiError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function zoomReportClient(cfg: ZoomReportConfig) {
  const doFetch = cfg.fetch ?? fetch;
  const base = (cfg.baseUrl ?? "https://api.zoom.us").replace(/\/$/, "");
  return {
    async reportParticipants(meetingId: string): Promise<ZoomReportParticipant[]> {
      const out: ZoomReportParticipant[] = [];
      let token = "";
      for (let i = 0; i < 1_000; i++) {
        const q = new URLSearchParams({ page_size: "300" });
        if (token) q.set("next_page_token", token);
        // A meeting UUID that starts with "/" or contains "//" must be double-encoded (Zoom API docs).
        const id = meetingId.startsWith("/") || meetingId.includes("//") ? encodeURIComponent(encodeURIComponent(meetingId)) : encodeURIComponent(meetingId);
        let res: Response;
        try {
          res = await doFetch(`${base}/v2/report/meetings/${id}/participants?${q}`, {
            headers: { authorization: `Bearer ${await cfg.accessToken()}` },
            signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
          });
        } catch (e) {
          throw new ZoomApiError(`report request failed: ${(e as Error).name}`, 0);
        }
        const body = await res.json().catch(() => null);
        if (!res.ok) throw new ZoomApiError(`HTTP ${res.status}: ${(body as { message?: string } | null)?.message ?? ""}`, res.status);
        const page = zoomPage.safeParse(body);
        if (!page.success) throw new ZoomApiError("unexpected report response", 502);
        out.push(...page.data.participants);
        token = page.data.next_page_token;
        if (!token) break;
      }
      return out;
    },
  };
}
