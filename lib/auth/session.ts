// Session → Viewer. STUB until the identity work lands: the contract below is what pages and routes use.
// - getViewer(): the signed-in, still-active employee with roles and scopes, or null.
// - requireViewer(): for pages; redirects to /login when there is none.
// - requireApiViewer(): for route handlers; throws AppError 401 when there is none.
import "server-only";
import { redirect } from "next/navigation";
import { unauthorized } from "@/lib/errors";
import type { Viewer } from "./viewer";

export async function getViewer(): Promise<Viewer | null> {
  return null;
}

export async function requireViewer(): Promise<Viewer> {
  const v = await getViewer();
  if (!v) redirect("/login");
  return v;
}

export async function requireApiViewer(): Promise<Viewer> {
  const v = await getViewer();
  if (!v) throw unauthorized();
  return v;
}
