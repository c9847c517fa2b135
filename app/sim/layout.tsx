// Every simulator page (vendor login pages, console, callback sender) exists only where the simulator may run:
// the demo (no vendor configured) or SIMULATOR=on. Elsewhere each /sim URL is a 404 (the proxy refuses first).
import { notFound } from "next/navigation";
import { simulatorActive } from "@/lib/vendors/sim/common";

export const dynamic = "force-dynamic";

export default function SimLayout({ children }: { children: React.ReactNode }) {
  if (!simulatorActive("any")) notFound();
  return children;
}
