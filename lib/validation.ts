// Input rules shared by every boundary (routes, server actions, the pull API): what PostgreSQL or our date
// arithmetic would refuse with an error of ours (a 500) is refused here first, as a client's mistake (a 400).
import { z } from "zod";

// Business dates and instants: 2000 to 2999. z.iso.date() alone takes 0000-01-01 (PostgreSQL has no year 0) and a
// datetime such as 9999-12-31T23:00-23:00 is already in year 10000 in UTC, which Date.toISOString() writes as
// "+010000-…" and PostgreSQL refuses.
const FIRST = "2000-01-01";
const LAST = "2999-12-31";
const DATE_RANGE = `must be between ${FIRST} and ${LAST}`;

/** YYYY-MM-DD (a real calendar day) within 2000–2999. */
export const isoDate = () => z.iso.date().refine((d) => d >= FIRST && d <= LAST, DATE_RANGE);

/** An ISO 8601 instant with an offset, as a Date, within 2000–2999 (UTC). */
export const isoInstant = () =>
  z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() >= Date.parse(`${FIRST}T00:00:00Z`) && d.getTime() < Date.parse("3000-01-01T00:00:00Z"), DATE_RANGE);

/**
 * For object-level refines that read transformed fields: zod 4 runs them even when a field failed, and then a
 * field is still its raw string ("2026-02-30T…".getTime() threw, a 500). Run them only once every field parsed.
 */
export const whenFieldsValid = (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0;

/** `from` on or before `to` (when both are given), for object schemas with date-range filters. */
export function fromNotAfterTo(v: { from?: string; to?: string }): boolean {
  return !v.from || !v.to || v.from <= v.to;
}
export const FROM_AFTER_TO = { message: "from must not be after to", path: ["from"] };

/**
 * Where a NUL character (U+0000) hides in a value (strings, arrays, plain objects, FormData), as a path such as
 * "invitees.3", or null. PostgreSQL stores no NUL in text or jsonb and answers with an error, so every boundary
 * refuses such input before it reaches a query.
 */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\0") ? path.join(".") || "(value)" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], [...path, String(i)]);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    for (const [k, v] of value.entries()) {
      const hit = k.includes("\0") ? k : typeof v === "string" ? findNul(v, [...path, k]) : null;
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const hit = k.includes("\0") ? k : findNul(v, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}

export const NUL_MESSAGE = "text must not contain NUL (U+0000) characters";

/** A form action's fields, or null when a forged call passed something else (null, a string, nothing): bad input. */
export function formFields(form: unknown): Record<string, FormDataEntryValue> | null {
  return form instanceof FormData ? Object.fromEntries(form) : null;
}

/** A path id: decimal digits only ("1e3", "0x10", " 5" are not ids), at most 15 digits (a safe integer within int8). */
export const ID_PATTERN = /^[1-9]\d{0,14}$/;
export const ID_MESSAGE = "id must be a positive whole number";
export function parseId(raw: string): number | null {
  return ID_PATTERN.test(raw) ? Number(raw) : null;
}

export const MAX_JSON_DEPTH = 64;
/** Whether JSON text nests arrays/objects deeper than `max`, by one linear scan (recursive walkers overflowed at 100k). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}
