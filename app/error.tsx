"use client";

// The error boundary for every page. Next puts it in every page's bundle, so it only loads the view (a reference
// id to quote, a retry) when a page actually fails: components/shell/route-error-view.tsx (issue 12).
import dynamic from "next/dynamic";

const RouteErrorView = dynamic(() => import("@/components/shell/route-error-view"));

export default function RouteError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteErrorView {...props} />;
}
