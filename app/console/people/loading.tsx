import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy>
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-10 w-80" />
      <Skeleton className="h-[480px] w-full rounded-2xl" />
    </div>
  );
}
