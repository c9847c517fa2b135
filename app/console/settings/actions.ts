"use server";
// Role grants: admins add/remove HR (people or a department) and admins (people). Audited.
import { revalidatePath } from "next/cache";
import { viewerAction } from "@/lib/auth/action";
import { addGrant, addGrantInput, removeGrant, removeGrantInput } from "@/lib/auth/grants";

export const addGrantAction = viewerAction(addGrantInput, "/console/settings", async (db, viewer, input) => {
  await addGrant(db, viewer, input);
  revalidatePath("/console/settings");
  return "/console/settings?done=added";
});

export const removeGrantAction = viewerAction(removeGrantInput, "/console/settings", async (db, viewer, input) => {
  await removeGrant(db, viewer, input);
  revalidatePath("/console/settings");
  return "/console/settings?done=removed";
});
