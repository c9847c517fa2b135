// The frame every 考勤设置 page shares: heading and subheading (with an optional "new" link), then the forbidden card
// for viewers who are not HR/admin, or the page's content; and the card an editor opens in (title, back link).
import Link from "next/link";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function SettingsFrame({
  heading,
  subheading,
  testid,
  newLink,
  forbidden,
  children,
}: {
  heading: string;
  subheading: string;
  testid: string;
  newLink?: { label: string; testid: string };
  /** The forbidden card's text when the viewer may not edit; null when they may. */
  forbidden: string | null;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900" data-testid={testid}>
            {heading}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{subheading}</p>
        </div>
        {newLink && !forbidden ? (
          <Link href="?edit=new" className="rounded-lg bg-brand-500 px-3 py-2 text-sm font-medium text-white hover:bg-brand-600" data-testid={newLink.testid}>
            {newLink.label}
          </Link>
        ) : null}
      </div>
      {forbidden ? <ForbiddenCard body={forbidden} /> : children}
    </div>
  );
}

/** An editor's card: its title, a link back to the list, and the client editor with the settings messages. */
export function EditorCard({ title, back, children }: { title: string; back: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <Link href="?" className="text-sm text-brand-600 underline">
          {back}
        </Link>
      </CardHeader>
      <CardContent>
        <ClientIntl namespaces={["attendanceSettings"]}>{children}</ClientIntl>
      </CardContent>
    </Card>
  );
}

/** A settings list: the empty state when there is nothing yet, else a table with these column heads (and one for the links). */
export function SettingsList({ testid, empty, heads, children }: { testid: string; empty: { title: string; body: string } | null; heads: string[]; children: React.ReactNode }) {
  if (empty) return <EmptyState title={empty.title} description={empty.body} />;
  return (
    <Card>
      <Table data-testid={testid}>
        <TableHeader>
          <TableRow>
            {heads.map((h) => (
              <TableHead key={h}>{h}</TableHead>
            ))}
            <TableHead />
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </Card>
  );
}
