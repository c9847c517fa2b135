"use client";
// The 外勤 (field) punch form: a required remark and an optional photo, offered when a punch is refused outside every
// place and the group allows field punches. Loaded on demand by the punch clock (its own chunk).
import { useState } from "react";
import { useTranslations } from "@/i18n/client";
import { Button, Textarea } from "@/components/ui/light";
import type { FieldPunch } from "./punch-clock";

const MAX_PHOTO_CHARS = 380_000;

/** A phone photo downscaled to ≤1280 px JPEG so it fits the request. */
async function photoDataUrl(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/jpeg", 0.7);
}

export function FieldPunchForm({ busy, onCancel, onSubmit }: { busy: boolean; onCancel: () => void; onSubmit: (field: FieldPunch) => Promise<void> }) {
  const t = useTranslations("punch");
  const [remark, setRemark] = useState("");
  const [photo, setPhoto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  function submit() {
    if (!remark.trim()) return setError(t("field.remarkRequired"));
    if (photo && photo.length > MAX_PHOTO_CHARS) return setError(t("field.photoTooLarge"));
    setError(null);
    void onSubmit({ remark: remark.trim(), ...(photo ? { photo } : {}) });
  }

  return (
    <div className="w-full space-y-3 rounded-xl border border-slate-200 p-4" data-testid="field-form">
      <label className="block text-[13px] font-medium text-slate-700" htmlFor="field-remark">
        {t("field.remark")}
      </label>
      <Textarea id="field-remark" rows={2} maxLength={200} value={remark} onChange={(e) => setRemark(e.target.value)} placeholder={t("field.remarkPlaceholder")} />
      <label className="block text-[13px] text-slate-600">
        {t("field.photo")}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          className="mt-1 block w-full text-[13px]"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setPhoto(f ? await photoDataUrl(f).catch(() => null) : null);
          }}
        />
      </label>
      {error ? <p className="text-[12px] text-rose-600" role="alert">{error}</p> : null}
      <p className="text-[12px] text-slate-500">{t("field.hint")}</p>
      <div className="flex gap-2">
        <Button variant="outline" block onClick={onCancel}>
          {t("field.cancel")}
        </Button>
        <Button block onClick={submit} disabled={busy} data-testid="field-submit">
          {t("field.submit")}
        </Button>
      </div>
    </div>
  );
}
