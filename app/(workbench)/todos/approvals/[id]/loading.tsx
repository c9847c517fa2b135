// While an approval item renders on the server: the shape of the page (head, form, history), no spinner.
import { PageBody } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function ApprovalItemLoading() {
  return (
    <PageBody>
      <div className="h-12" aria-hidden />
      <Card className="space-y-3 p-4" data-testid="approval-loading" aria-busy>
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-64" />
        <Skeleton className="h-4 w-40" />
      </Card>
      <Card className="space-y-3 p-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-4 w-full" />
        ))}
      </Card>
      <Card className="space-y-3 p-4">
        <Skeleton className="h-24 w-full" />
        <div className="grid grid-cols-3 gap-2">
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </div>
      </Card>
    </PageBody>
  );
}
