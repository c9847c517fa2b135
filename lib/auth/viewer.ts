// The viewer: who is asking, and what they may see. Every query takes one (STYLE habit 3).
// Roles: employee (own data), manager (subtree of the departments they lead), hr (everyone), admin (configuration).

export type Role = "employee" | "manager" | "hr" | "admin";

export interface Viewer {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentId: number | null;
  departmentName: string | null;
  roles: ReadonlySet<Role>;
  /** Materialised paths ("/1/4/") of departments this viewer leads; their subtrees are in scope. */
  managedPaths: readonly string[];
  provider: "wecom" | "dingtalk" | null;
}

/** HR and admins read everyone; managers read their subtrees; everyone reads themselves. */
export function canSeeEveryone(viewer: Viewer): boolean {
  return viewer.roles.has("hr") || viewer.roles.has("admin");
}
