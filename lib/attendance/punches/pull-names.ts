// Inbox event types of the vendor pulls (shared by the pull and its handlers without importing the vendor clients).
export const PULL_EVENT = "checkin_pull.record";
export const VANISH_EVENT = "checkin_pull.vanished";
/** Several pulled records in one inbox row (up to PULL_BATCH_SIZE): how a pull stores what is new or changed. */
export const PULL_BATCH_EVENT = "checkin_pull.records";
export const PULL_BATCH_SIZE = 500;
