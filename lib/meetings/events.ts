// Meeting event handlers (video-meeting joins/leaves, lifecycle), keyed "<source>:<eventType>".
// Owned by the meetings work; the inbox dispatcher (lib/ingest) looks handlers up here.
import type { EventHandler } from "@/lib/ingest/types";

export const meetingEventHandlers: Record<string, EventHandler> = {};
