export * from "./org";
export * from "./system";
export * from "./ingest";
export * from "./meetings";
export * from "./oa";
