import Link from "next/link";
import { ChevronLeft } from "lucide-react";

/**
 * The workbench page header: a centred title like the WeCom/DingTalk navigation bar, an optional back link and
 * a right-hand slot. It sits under the webview's own title bar, so it stays small.
 */
export function TopBar({
  title,
  backHref,
  backLabel,
  right,
}: {
  title: React.ReactNode;
  backHref?: string;
  backLabel?: string;
  right?: React.ReactNode;
}) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200/70 bg-white/95 pt-[env(safe-area-inset-top)] backdrop-blur supports-[backdrop-filter]:bg-white/85">
      <div className="relative mx-auto flex h-12 max-w-[560px] items-center justify-center px-2">
        {backHref ? (
          <Link
            href={backHref}
            aria-label={backLabel}
            className="absolute left-1 flex size-11 items-center justify-center rounded-xl text-slate-600 active:bg-slate-100"
          >
            <ChevronLeft className="size-6" />
          </Link>
        ) : null}
        <h1 className="truncate px-12 text-[17px] font-semibold text-slate-900">{title}</h1>
        {right ? <div className="absolute right-1 flex items-center">{right}</div> : null}
      </div>
    </header>
  );
}

/** The content column of a workbench page. */
export function PageBody({ children, className }: { children: React.ReactNode; className?: string }) {
  return <div className={`mx-auto max-w-[560px] space-y-4 px-4 py-4 ${className ?? ""}`}>{children}</div>;
}

/** A section title inside a page: "今日会议 · 全部会议 >". */
export function SectionHeader({ title, action }: { title: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="flex items-center justify-between px-1">
      <h2 className="text-[15px] font-semibold text-slate-900">{title}</h2>
      {action}
    </div>
  );
}
