// Contact-change event handlers (WeCom change_contact.*, DingTalk user_*_org / org_dept_*), keyed "<source>:<eventType>".
// Owned by the organisation-sync work; the inbox dispatcher (lib/ingest) looks handlers up here.
import type { EventHandler } from "@/lib/ingest/types";

export const orgEventHandlers: Record<string, EventHandler> = {};
