// Edit one approval flow (HR). /console/approval-rules/flows/new creates one.
import { notFound } from "next/navigation";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { departmentsByIds, employeeNosOf, flowById } from "@/lib/approvals/flow-editor";
import { requireViewer } from "@/lib/auth/session";
import { parseId } from "@/lib/validation";
import { ForbiddenState } from "../../../identity/forbidden-state";
import { FlowForm } from "../flow-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("approvalRules"))("editor.title") };
}

const ERRORS = ["bad_request", "conflict", "forbidden", "not_found"] as const;

export default async function FlowEditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!viewer.roles.has("hr") && !viewer.roles.has("admin")) return <ForbiddenState />;
  const t = await getTranslations("approvalRules");
  const raw = (await params).id;
  const sp = await searchParams;
  const db = await getDb();
  const flow = raw === "new" ? null : await flowById(db, viewer, parseId(raw) ?? notFound());
  if (raw !== "new" && !flow) notFound();
  const ids = flow ? flow.steps.flatMap((s) => s.approvers.flatMap((r) => (r.type === "people" ? r.employeeIds : []))) : [];
  const error = ERRORS.find((k) => k === sp.error);
  return (
    <div className="space-y-5" data-testid="flow-editor">
      <div>
        <Link href="/console/approval-rules" className="text-sm text-brand-700">← {t("title")}</Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{flow ? t("editor.editTitle", { name: flow.name }) : t("editor.newTitle")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("editor.subtitle")}</p>
      </div>
      {error ? (
        <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert" data-testid="flow-error">
          {t(`editor.error.${error}`)}
          {sp.reason ? <span className="mt-1 block font-mono text-xs">{sp.reason}</span> : null}
        </p>
      ) : null}
      <FlowForm flow={flow} nos={await employeeNosOf(db, ids)} deptCodes={await departmentsByIds(db, flow?.conditions.departmentIds ?? [])} />
    </div>
  );
}
