"use client";
// The /checkin page's flow: check-in, or for a=out the check-out (签退). The check-out flow is its own chunk,
// fetched only when a page renders it: most scans are check-ins, and a server component's dynamic() would not
// split it off (the page's client entry would still carry it). React.lazy, not next/dynamic, whose loader runtime
// alone is ~1.5 KB gzip (issue 12 page budget). The server renders it all the same.
import { lazy, Suspense } from "react";
import { CheckInFlow, type CheckInMeeting } from "./check-in-flow";

const CheckOutFlow = lazy(() => import("./check-out-flow").then((m) => ({ default: m.CheckOutFlow })));

export function CheckFlow({ out, meeting, code }: { out: boolean; meeting: CheckInMeeting; code: string | null }) {
  return out ? (
    <Suspense>
      <CheckOutFlow meeting={meeting} code={code} />
    </Suspense>
  ) : (
    <CheckInFlow meeting={meeting} code={code} />
  );
}
