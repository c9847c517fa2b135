// Authorization matrix: the company directory for pickers (lib/org/directory). Any signed-in person may search the
// company by name, 工号 or department and read the department tree (as in the WeCom/DingTalk pickers); anonymous
// callers get 401. The answers carry no phone numbers or e-mail addresses (e2e/people-picker.spec.ts checks).
import { signedIn, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  { file: "app/api/people/search/route.ts", path: "/api/people/search?q=%E5%BC%A0", expect: signedIn("ok", "unauthorized") },
  { file: "app/api/people/search/route.ts", path: "/api/people/search?department_id=1e3", expect: signedIn("rejected", "unauthorized"), note: "not an id: 400" },
  { file: "app/api/departments/tree/route.ts", path: "/api/departments/tree", expect: signedIn("ok", "unauthorized") },
];
