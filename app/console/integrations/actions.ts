"use server";
// Dead letters: replay (back to the queue) or discard. HR/admin; both audited (lib/ingest/operator.ts).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction } from "@/lib/auth/action";
import { discardDeadLetter, replayDeadLetter } from "@/lib/ingest/operator";

const idInput = z.object({ id: z.coerce.number().int().positive() });

export const replayDeadLetterAction = viewerAction(idInput, "/console/integrations", async (db, viewer, { id }) => {
  const ok = await replayDeadLetter(db, viewer, id);
  revalidatePath("/console/integrations");
  return `/console/integrations?done=${ok ? "replayed" : "unchanged"}`;
});

export const discardDeadLetterAction = viewerAction(idInput, "/console/integrations", async (db, viewer, { id }) => {
  const ok = await discardDeadLetter(db, viewer, id);
  revalidatePath("/console/integrations");
  return `/console/integrations?done=${ok ? "discarded" : "unchanged"}`;
});
