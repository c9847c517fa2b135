// While the 考勤 tab renders on the server: the shape of the page (today's card, the month), no spinner.
import { PageBody } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function AttendanceLoading() {
  return (
    <PageBody>
      <div className="h-12" aria-hidden />
      <Card className="space-y-4 p-4" data-testid="attendance-loading" aria-busy>
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-4 w-56" />
        <div className="grid grid-cols-2 gap-2">
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </div>
        <Skeleton className="mx-auto size-36 rounded-full" />
        <Skeleton className="h-4 w-full" />
      </Card>
      <Card className="p-4">
        <div className="grid grid-cols-7 gap-1">
          {Array.from({ length: 35 }, (_, i) => (
            <Skeleton key={i} className="aspect-square" />
          ))}
        </div>
      </Card>
    </PageBody>
  );
}
