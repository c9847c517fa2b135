// Messages as the browser gets them (components/shell/client-intl.tsx): a message that needs no ICU parsing stays a
// string — plain text, or text with `{name}` arguments only, which i18n/client fills in by name — and any other
// message (plural, select, number/date formats, rich-text tags, apostrophe quoting) is sent already parsed, as the
// AST that i18n/message-render.ts renders. So phones never download the ICU parser (issue 12).
import { parseMessage } from "./message-format";
import type { Node } from "./message-render";

/** A message the client may fill in by plain `{name}` replacement: no tags, no quoting, no typed arguments. */
export function isSimpleMessage(message: string): boolean {
  if (/[<'#]/.test(message)) return false;
  const stripped = message.replace(/\{[^\s{},<>#]+\}/g, "");
  return !/[{}]/.test(stripped);
}

export type CompiledMessages = { [key: string]: string | Node[] | CompiledMessages };

/** The message tree with every non-simple message parsed; a message that does not parse stays a string (the client then shows its key path, as next-intl does). */
export function compileMessages(tree: Record<string, unknown>): CompiledMessages {
  const out: CompiledMessages = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") {
      if (isSimpleMessage(v)) out[k] = v;
      else {
        try {
          out[k] = parseMessage(v);
        } catch {
          out[k] = v;
        }
      }
    } else if (v && typeof v === "object") out[k] = compileMessages(v as Record<string, unknown>);
  }
  return out;
}
