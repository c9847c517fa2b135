// The workbench shell: mobile-first pages inside the WeCom/DingTalk webview, with the bottom tab bar.
import { TabBar } from "@/components/shell/tab-bar";
import { requireViewer } from "@/lib/auth/session";

export default async function WorkbenchLayout({ children }: { children: React.ReactNode }) {
  await requireViewer();
  return (
    <div className="min-h-dvh bg-slate-50">
      <main className="pb-[calc(3.5rem+env(safe-area-inset-bottom)+1rem)]">{children}</main>
      <TabBar />
    </div>
  );
}
