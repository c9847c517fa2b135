"use server";
// API keys: create (the plain key goes back to the form once, never into a URL or a log) and revoke. Audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { viewerAction } from "@/lib/auth/action";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { createApiKey, revokeApiKey } from "@/lib/oa-sync/api/keys";
import { apiScope } from "@/lib/oa-sync/api/schemas";
import { findNul } from "@/lib/validation";

export interface CreateKeyState {
  key?: string;
  prefix?: string;
  error?: "bad_request" | "forbidden";
}

const createForm = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(apiScope).min(1),
  rateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).optional(), // empty → OA_API_RATE_LIMIT_PER_MINUTE (createApiKey)
});

export async function createApiKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const viewer = await requireViewer();
  if (!(form instanceof FormData) || findNul(form) !== null) return { error: "bad_request" }; // a forged call may send anything
  const parsed = createForm.safeParse({ name: form.get("name"), scopes: form.getAll("scopes"), rateLimitPerMinute: form.get("rateLimitPerMinute") || undefined });
  if (!parsed.success) return { error: "bad_request" };
  try {
    const created = await createApiKey(await getDb(), viewer, parsed.data);
    revalidatePath("/console/api-keys");
    return { key: created.key, prefix: created.prefix };
  } catch (e) {
    if (e instanceof AppError && e.status === 403) return { error: "forbidden" };
    if (e instanceof AppError && e.status === 400) return { error: "bad_request" };
    throw e;
  }
}

export const revokeApiKeyAction = viewerAction(z.object({ id: z.coerce.number().int().positive() }), "/console/api-keys", async (db, viewer, { id }) => {
  await revokeApiKey(db, viewer, id);
  revalidatePath("/console/api-keys");
  return "/console/api-keys?done=revoked";
});
