// One validate-and-authorize wrapper for server actions (STYLE habit 4): zod-parse the form, require a viewer,
// run, and turn typed errors into a `?error=<code>` redirect back to the page (never a 500 for bad input).
import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { findNul, formFields } from "@/lib/validation";
import { requireViewer } from "./session";
import type { Viewer } from "./viewer";

export function viewerAction<S extends z.ZodType>(
  schema: S,
  back: string,
  fn: (db: Db, viewer: Viewer, input: z.infer<S>) => Promise<string | void>,
) {
  return async (form: FormData): Promise<void> => {
    const viewer = await requireViewer();
    const fields = formFields(form);
    const parsed = fields !== null && findNul(fields) === null ? schema.safeParse(fields) : null;
    if (!parsed?.success) redirect(`${back}${back.includes("?") ? "&" : "?"}error=bad_request`);
    let to: string;
    try {
      to = (await fn(await getDb(), viewer, parsed.data)) ?? back;
    } catch (e) {
      if (e instanceof AppError) redirect(`${back}${back.includes("?") ? "&" : "?"}error=${e.code}`);
      throw e;
    }
    redirect(to);
  };
}
