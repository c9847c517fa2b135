// Authorization matrix: our own approval flows (leave, 补卡) on the phone. Every signed-in person may apply for
// themselves and preview their own path; nobody else's. The submit row sends a valid 补卡 for 2001-01-05: every
// signed-in role is refused by the days-back cap (422, the cap named) before anything is written; anonymous gets
// 401. The withdraw row uses an id no one may see: the same 404 for every role (no probing), nothing written.
// lib/approvals/flows/http.test.ts covers the allowed submit (201), the applicant's withdraw and the others' 403/404.
// 转交 to an existing colleague, and 撤销 with a reason, on an id no one may see: 404 for every role. 外出代理 in 2001 (ended long ago, read
// by nobody) to a person who is none of the matrix roles: every signed-in role may set its own (201, then 200 for
// the same period again); ending someone else's delegation is 404.
import { demoPeople } from "../fixtures";
import { signedIn, type RouteRule } from "./types";

const delegate = demoPeople().outsider.employeeNo;

export const routes: RouteRule[] = [
  { file: "app/(workbench)/todos/apply/leave/page.tsx", path: "/todos/apply/leave", expect: signedIn("ok"), note: "anyone signed in files their own leave" },
  { file: "app/(workbench)/todos/delegate/page.tsx", path: "/todos/delegate", expect: signedIn("ok"), note: "anyone signed in names their own out-of-office delegate" },
  { file: "app/(workbench)/todos/apply/correction/page.tsx", path: "/todos/apply/correction", expect: signedIn("ok"), note: "anyone signed in files their own 补卡" },
  { file: "app/(workbench)/todos/apply/overtime/page.tsx", path: "/todos/apply/overtime", expect: signedIn("ok"), note: "anyone signed in files their own 加班" },
  { file: "app/(workbench)/todos/apply/meeting-excuse/page.tsx", path: "/todos/apply/meeting-excuse?m=999999999", expect: signedIn("ok"), note: "anyone signed in excuses themselves from their own meetings; another meeting's title is not shown" },
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
  {
    file: "app/api/approvals/[id]/revoke/route.ts",
    path: "/api/approvals/99999999/revoke",
    method: "POST",
    data: { reason: "矩阵" },
    expect: signedIn("notfound", "unauthorized"),
    note: "only the applicant or HR revokes an approved application; no such item → 404, nothing written",
  },

  {
    file: "app/api/approvals/[id]/transfer/route.ts",
    path: "/api/approvals/99999999/transfer",
    method: "POST",
    data: { to_employee_no: demoPeople().employee.employeeNo, comment: "矩阵" },
    expect: signedIn("notfound", "unauthorized"),
    note: "only an approver of the active step transfers; no such item → 404, nothing written",
  },
  { file: "app/api/approvals/delegations/route.ts", path: "/api/approvals/delegations", expect: signedIn("ok", "unauthorized"), note: "the viewer's own delegations; reads only" },
  {
    file: "app/api/approvals/delegations/route.ts",
    path: "/api/approvals/delegations",
    method: "POST",
    data: { delegate_employee_no: delegate, start_date: "2001-01-01", end_date: "2001-01-02", reason: "矩阵" },
    expect: signedIn("ok", "unauthorized"),
    note: "anyone signed in names their own delegate; a period in 2001 nobody reads (the same again → 200)",
  },
  {
    file: "app/api/approvals/delegations/[id]/end/route.ts",
    path: "/api/approvals/delegations/99999999/end",
    method: "POST",
    data: {},
    expect: signedIn("notfound", "unauthorized"),
    note: "only its principal ends a delegation; no such one → 404, nothing written",
  },
];
