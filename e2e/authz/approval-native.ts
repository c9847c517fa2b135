// Authorization matrix: the simulator's native WeCom/DingTalk approvals (simulator mode: public, holds no real data;
// 404 as soon as a real vendor is configured — e2e/deploy-modes). The POST row revokes an instance that does not
// exist: 409 for everyone, no event delivered.
import type { RouteRule } from "./types";

export const routes: RouteRule[] = [
  { file: "app/api/sim/native-approvals/route.ts", path: "/api/sim/native-approvals", expect: "ok", note: "simulator: the native approvals the vendor holds" },
  {
    file: "app/api/sim/native-approvals/route.ts",
    path: "/api/sim/native-approvals",
    method: "POST",
    data: { op: "revoke", vendor: "dingtalk", id: "matrix-no-such-instance", deliver: false },
    expect: "rejected",
    note: "no such instance: 409, nothing delivered",
  },
];
