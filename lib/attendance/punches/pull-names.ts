// Inbox event types of the vendor pulls (shared by the pull and its handlers without importing the vendor clients).
export const PULL_EVENT = "checkin_pull.record";
export const VANISH_EVENT = "checkin_pull.vanished";
/** Several pulled records in one inbox row (up to PULL_BATCH_SIZE), mapped to our fields: what earlier versions stored. */
export const PULL_BATCH_EVENT = "checkin_pull.records";
/**
 * How a pull stores what is new or changed: up to PULL_BATCH_SIZE of the vendor's records as they came, each with the
 * natural key and the employee the pull matched; the handler maps them (lib/attendance/punches/vendor-map.ts).
 */
export const PULL_VENDOR_EVENT = "checkin_pull.vendor_records";
export const PULL_BATCH_SIZE = 500;
