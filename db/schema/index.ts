export * from "./org";
export * from "./system";
export * from "./ingest";
export * from "./meetings";
export * from "./oa";
export * from "./attendance";
export * from "./attendance-pulls";
export * from "./approvals";
