"use server";
// Simulator console controls (simulator mode only; the simulator holds no real data).
import { redirect } from "next/navigation";
import { z } from "zod";
import { simulatorActive } from "@/lib/vendors/sim/common";
import { addFault, applyOrgCommand, clearFaults, faultInput, resetCounters } from "@/lib/vendors/sim/control";
import { simState } from "@/lib/vendors/sim/state";

function guard() {
  if (!simulatorActive("any")) redirect("/");
}

export async function addFaultAction(form: FormData): Promise<void> {
  guard();
  const raw = Object.fromEntries(form);
  const parsed = faultInput.safeParse({ ...raw, count: raw.count ? Number(raw.count) : null, delayMs: raw.kind === "timeout" ? 30_000 : undefined });
  if (!parsed.success) redirect("/sim?error=fault");
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
  const size = z.enum(["demo", "large"]).catch("demo").parse(form.get("size"));
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
