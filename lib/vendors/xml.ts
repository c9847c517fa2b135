// XML parsing for vendor callbacks (WeCom): fast-xml-parser with entity processing OFF and any DOCTYPE refused,
// so entity-expansion bombs ("billion laughs") and external entities cannot reach the parser's expansion code.
import { XMLParser } from "fast-xml-parser";

export class XmlRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlRejected";
  }
}

const parser = new XMLParser({
  processEntities: false, // no &lt; expansion, no DOCTYPE entities
  htmlEntities: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false, // keep every value a string (ids such as MsgId exceed 2^53)
  trimValues: true,
  cdataPropName: false,
});

/** Parse `<xml>…</xml>` into a flat-ish object of strings (nested elements stay objects). Throws XmlRejected. */
export function parseVendorXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlRejected("DOCTYPE/ENTITY declarations are not accepted");
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (e) {
    throw new XmlRejected(`malformed XML: ${(e as Error).message.split("\n")[0].slice(0, 120)}`);
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new XmlRejected("missing <xml> root element");
  return root as Record<string, unknown>;
}
