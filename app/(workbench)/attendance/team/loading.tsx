// While the team board renders on the server: its shape (the count tiles and a list), no spinner.
import { PageBody } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function TeamAttendanceLoading() {
  return (
    <PageBody>
      <div className="h-12" aria-hidden />
      <Card className="space-y-3 p-4" data-testid="board-loading" aria-busy>
        <Skeleton className="h-4 w-40" />
        <div className="grid grid-cols-3 gap-2">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </div>
      </Card>
      <Skeleton className="h-11 w-full rounded-xl" />
      <Card className="space-y-3 p-4">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-9" />
        ))}
      </Card>
    </PageBody>
  );
}
