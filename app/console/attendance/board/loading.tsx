// While the console board renders: the count tiles, five lists and the week's bars as shapes.
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function ConsoleAttendanceBoardLoading() {
  return (
    <div className="space-y-6" data-testid="board-loading" aria-busy>
      <Skeleton className="h-8 w-48" />
      <Card className="grid grid-cols-6 gap-3 p-5">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-20" />
        ))}
      </Card>
      <div className="grid grid-cols-5 gap-3">
        {Array.from({ length: 5 }, (_, i) => (
          <Card key={i} className="space-y-2 p-4">
            {Array.from({ length: 5 }, (_, j) => (
              <Skeleton key={j} className="h-8" />
            ))}
          </Card>
        ))}
      </div>
      <Card className="h-56 p-5">
        <Skeleton className="h-full" />
      </Card>
    </div>
  );
}
