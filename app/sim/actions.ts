"use server";
// Simulator console controls (simulator mode only; the simulator holds no real data).
import { redirect } from "next/navigation";
import { z } from "zod";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { addFault, applyOrgCommand, clearFaults, faultInput, resetCounters } from "@/lib/vendors/sim/control";
import { simState } from "@/lib/vendors/sim/state";
import { formFields } from "@/lib/validation";

function guard() {
  if (!simulatorActive("any")) redirect("/");
}

export async function addFaultAction(form: FormData): Promise<void> {
  guard();
  const raw = formFields(form);
  const parsed = raw && faultInput.safeParse({ ...raw, count: raw.count ? Number(raw.count) : null, delayMs: raw.kind === "timeout" ? 30_000 : undefined });
  if (!parsed?.success) redirect("/sim?error=fault");
  addFault(parsed.data);
  redirect("/sim?done=fault");
}

export async function clearFaultsAction(): Promise<void> {
  guard();
  clearFaults();
  redirect("/sim?done=cleared");
}

export async function resetAction(form: FormData): Promise<void> {
  guard();
  const fields = formFields(form);
  if (!fields) redirect("/sim?error=fault"); // a forged call resets nothing
  const size = z.enum(["demo", "large"]).catch("demo").parse(fields.size);
  applyOrgCommand({ op: "reset", size });
  redirect("/sim?done=reset");
}

export async function expireTokensAction(): Promise<void> {
  guard();
  applyOrgCommand({ op: "expire_tokens" });
  redirect("/sim?done=expired");
}

export async function clearMessagesAction(): Promise<void> {
  guard();
  simState().messages = [];
  resetCounters();
  redirect("/sim?done=cleared");
}
