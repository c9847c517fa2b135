"use client";
// The organiser's client components on the meeting page, each its own chunk fetched only when the page renders it.
// Importing manage-section.tsx dynamically on the server is not enough: the page's client entry still lists every
// client component reachable from the page, so an employee who only reads the meeting downloaded the live view,
// adopt and import panels too (issue 12 page budget). React.lazy in a client module splits them for real (and,
// unlike next/dynamic, adds no loader runtime); the server still renders them for the organiser.
import { lazy, Suspense, type ComponentProps, type ComponentType } from "react";

function split<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Lazy = lazy(() => load().then((c) => ({ default: c })));
  return function Split(props: P) {
    return (
      <Suspense>
        <Lazy {...(props as P & React.JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  };
}

type LiveViewProps = ComponentProps<typeof import("../_components/live-view").LiveView>;
type AdoptPanelProps = ComponentProps<typeof import("@/components/meetings-ui/adopt-panel").AdoptPanel>;
type ImportPanelProps = ComponentProps<typeof import("../_components/import-panel").ImportPanel>;

export const LiveView = split<LiveViewProps>(() => import("../_components/live-view").then((m) => m.LiveView));
export const AdoptPanel = split<AdoptPanelProps>(() => import("@/components/meetings-ui/adopt-panel").then((m) => m.AdoptPanel));
export const ImportPanel = split<ImportPanelProps>(() => import("../_components/import-panel").then((m) => m.ImportPanel));
