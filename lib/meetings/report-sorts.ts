// Sort keys of the per-person summary (shared by the query, the schemas and the page's column headers).
export const PERSON_SORTS = ["rate", "absent", "late", "invited", "employeeNo"] as const;
export type PersonSort = (typeof PERSON_SORTS)[number];
