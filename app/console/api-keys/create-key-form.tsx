"use client";
// The create form; after creation the key is shown once, with a copy button.
import { useActionState, useState } from "react";
import { useTranslations } from "@/i18n/client";
import { Check, Copy, KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { API_SCOPES } from "@/lib/oa-sync/api/schemas";
import { createApiKeyAction, type CreateKeyState } from "./actions";

// Every scope the API knows (the same list `npm run api-key` accepts).
const SCOPES = API_SCOPES;

/** `defaultRate`: env OA_API_RATE_LIMIT_PER_MINUTE, read on the server (the page passes it). */
export function CreateKeyForm({ defaultRate }: { defaultRate: number }) {
  const t = useTranslations("apiKeys");
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createApiKeyAction, {});
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      {state.key ? (
        <div className="rounded-xl border border-emerald-200 bg-emerald-50 p-4" role="status" data-testid="new-key">
          <p className="text-sm font-medium text-emerald-800">{t("createdOnce")}</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="flex-1 break-all rounded-lg bg-white px-3 py-2 font-mono text-sm text-slate-900" data-testid="new-key-value">
              {state.key}
            </code>
            <Button
              size="sm"
              variant="outline"
              onClick={async () => {
                await navigator.clipboard?.writeText(state.key!).catch(() => {});
                setCopied(true);
              }}
            >
              {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
        </div>
      ) : null}
      {state.error ? (
        <p className="rounded-xl bg-rose-50 px-4 py-3 text-sm text-rose-700" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      ) : null}
      <form action={action} className="grid grid-cols-[1fr_auto] items-end gap-4" data-testid="create-key-form">
        <div className="space-y-3">
          <div className="grid grid-cols-[2fr_1fr] gap-3">
            <div>
              <Label htmlFor="key-name">{t("name")}</Label>
              <Input id="key-name" name="name" required maxLength={80} placeholder={t("namePlaceholder")} className="mt-1.5" />
            </div>
            <div>
              <Label htmlFor="key-rate">{t("rateLimit")}</Label>
              <Input id="key-rate" name="rateLimitPerMinute" type="number" min={1} max={10000} defaultValue={defaultRate} className="mt-1.5" />
            </div>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("scopes")}</legend>
            <div className="mt-1.5 flex flex-wrap gap-4">
              {SCOPES.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="scopes" value={s} defaultChecked={s === "meeting_attendance:read"} className="size-4 accent-brand-500" />
                  {t(`scope.${s}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <Button type="submit" disabled={pending} data-testid="create-key">
          <KeyRound aria-hidden />
          {t("create")}
        </Button>
      </form>
    </div>
  );
}
