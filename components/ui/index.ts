// The UI kit: shadcn-style components written for Qiandao (Tailwind v4 + cva). Import from "@/components/ui".
export { cn } from "./cn";
export { Button, buttonVariants, type ButtonProps } from "./button";
export { Card, CardHeader, CardTitle, CardDescription, CardContent, CardFooter } from "./card";
export { Badge, badgeVariants } from "./badge";
export { Input, Textarea, Select, Label } from "./input";
export { Skeleton } from "./skeleton";
export { EmptyState } from "./empty-state";
export { ErrorState } from "./error-state";
export { Stat } from "./stat";
export { Avatar, initials } from "./avatar";
export { Table, TableHeader, TableBody, TableRow, TableHead, TableCell } from "./table";
export { Dialog, Sheet } from "./dialog";
export { Tabs, TabsList, TabsTrigger, TabsContent } from "./tabs";
export { ToastProvider, useToast } from "./toast";
