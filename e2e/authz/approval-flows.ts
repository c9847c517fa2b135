// Authorization matrix: our own approval flows (leave, 补卡) on the phone. Every signed-in person may apply for
// themselves and preview their own path; nobody else's. The submit row sends a valid 补卡 for 2001-01-05: every
// signed-in role is refused by the days-back cap (422, the cap named) before anything is written; anonymous gets
// 401. The withdraw row uses an id no one may see: the same 404 for every role (no probing), nothing written.
// lib/approvals/flows/http.test.ts covers the allowed submit (201), the applicant's withdraw and the others' 403/404.
import { signedIn, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  { file: "app/(workbench)/todos/apply/leave/page.tsx", path: "/todos/apply/leave", expect: signedIn("ok"), note: "anyone signed in files their own leave" },
  { file: "app/(workbench)/todos/apply/correction/page.tsx", path: "/todos/apply/correction", expect: signedIn("ok"), note: "anyone signed in files their own 补卡" },
  {
    file: "app/api/approvals/applications/route.ts",
    path: "/api/approvals/applications",
    method: "POST",
    data: { kind: "correction", date: "2001-01-05", time: "09:00", reason: "矩阵" },
    expect: signedIn("rejected", "unauthorized"),
    note: "anyone signed in applies for themselves; 2001 is beyond the days-back cap → 422, nothing written",
  },
  {
    file: "app/api/approvals/applications/preview/route.ts",
    path: "/api/approvals/applications/preview?kind=correction",
    expect: signedIn("ok", "unauthorized"),
    note: "the viewer's own path and remaining corrections; reads only",
  },
  {
    file: "app/api/approvals/[id]/withdraw/route.ts",
    path: "/api/approvals/99999999/withdraw",
    method: "POST",
    data: {},
    expect: signedIn("notfound", "unauthorized"),
    note: "only the applicant withdraws; no such item → 404, nothing written",
  },
];
