import { Skeleton } from "@/components/ui/skeleton";

export default function WorkbenchLoading() {
  return (
    <div aria-busy="true" className="mx-auto max-w-[560px]">
      <div className="flex h-12 items-center justify-center border-b border-slate-200/70 bg-white">
        <Skeleton className="h-5 w-20" />
      </div>
      <div className="space-y-4 px-4 py-4">
        <Skeleton className="h-[104px] w-full rounded-2xl" />
        <div className="grid grid-cols-2 gap-3">
          <Skeleton className="h-[120px] rounded-2xl" />
          <Skeleton className="h-[120px] rounded-2xl" />
        </div>
        <Skeleton className="h-5 w-24" />
        <Skeleton className="h-40 w-full rounded-2xl" />
      </div>
    </div>
  );
}
