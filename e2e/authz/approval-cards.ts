// Authorization matrix: the simulator's WeCom cards and DingTalk 待办 views (simulator mode only, no roles — like the
// rest of /sim). The click rows name a card that does not exist: refused, nothing delivered or written.
import type { ActionRule, RouteRule } from "./types";

export const routes: RouteRule[] = [
  { file: "app/sim/wecom/cards/page.tsx", path: "/sim/wecom/cards?to=nobody", expect: "ok", note: "simulator: what a member sees in WeCom" },
  { file: "app/api/sim/wecom/cards/route.ts", path: "/api/sim/wecom/cards?to=nobody", expect: "ok" },
  {
    file: "app/api/sim/wecom/cards/route.ts",
    path: "/api/sim/wecom/cards",
    method: "POST",
    data: { op: "click", taskId: "qd-0-0-0", userid: "nobody", key: "agree:0:0" },
    expect: "rejected",
    note: "no such card: 409, nothing delivered",
  },
  { file: "app/api/sim/dingtalk/api/[...path]/route.ts", path: "/api/sim/dingtalk/api/v1.0/todo/users/x/tasks/y/executorStatus", method: "PUT", data: { executorStatusList: [] }, expect: "rejected", note: "v1.0 answers 400 without the token header" },
  { file: "app/api/sim/dingtalk/api/[...path]/route.ts", path: "/api/sim/dingtalk/api/v1.0/todo/users/x/tasks/y", method: "DELETE", expect: "rejected", note: "v1.0 answers 400 without the token header" },
  { file: "app/api/sim/dingtalk/todos/route.ts", path: "/api/sim/dingtalk/todos", expect: "ok", note: "simulator: the 待办 and attendance approvals the app wrote" },
];

export const actions: ActionRule[] = [
  { action: "app/sim/wecom/cards/actions.ts#clickCardAction", page: "/sim/wecom/cards", form: { taskId: "qd-0-0-0", userid: "nobody", key: "agree:0:0" }, expect: "rejected", note: "no such card: error=conflict, nothing delivered" },
];
