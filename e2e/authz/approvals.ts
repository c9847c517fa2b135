// Authorization matrix: OA approval todos. The OA pushes (API key approvals:write) and pulls (approvals:read): a
// session cookie opens neither (401). On the phone, an item is seen only by its approvers, its applicant and HR:
// here no one is any of those for the id used, so every signed-in role gets the same 404 (no probing whether an
// id exists), and the decision route answers 404 the same way — writing nothing. The e2e spec
// e2e/approvals.spec.ts covers the approver (200/201), the non-approver (403/404) and the second decision (409).
import { signedIn, type RouteRule } from "./types";

export const routes: RouteRule[] = [
  {
    file: "app/api/v1/approval-items/route.ts",
    path: "/api/v1/approval-items",
    method: "POST",
    data: { items: [{ id: "matrix-1", version: 1, title: "矩阵", applicant_employee_no: "QD00001", approver_employee_nos: ["QD00002"], fields: [], link: "https://oa.example.com/x" }] },
    expect: "unauthorized",
    note: "API key (approvals:write) only; a session cookie is not a key",
  },
  { file: "app/api/v1/approvals/route.ts", path: "/api/v1/approvals", expect: "unauthorized", note: "API key (approvals:read) only" },
  {
    file: "app/(workbench)/todos/approvals/[id]/page.tsx",
    path: "/todos/approvals/99999999",
    expect: signedIn("notfound"),
    note: "no such item: the same 404 as an item that is not the viewer's",
  },
  {
    file: "app/api/approvals/[id]/decision/route.ts",
    path: "/api/approvals/99999999/decision",
    method: "POST",
    data: { outcome: "agree", comment: "" },
    expect: signedIn("notfound", "unauthorized"),
    note: "only a current approver decides; no such item → 404, nothing written",
  },
];
