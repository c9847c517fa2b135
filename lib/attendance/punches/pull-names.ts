// Inbox event types of the vendor pulls (shared by the pull and its handlers without importing the vendor clients).
export const PULL_EVENT = "checkin_pull.record";
export const VANISH_EVENT = "checkin_pull.vanished";
