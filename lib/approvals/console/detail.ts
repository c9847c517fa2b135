// One line of what an audit act says beyond its kind (the console's item log and the log export share it).

/** What an act says beyond its kind: the outcome, the source's answer, who was reminded or alerted, a version. */
export function detailOf(r: { kind: string; details: Record<string, unknown> }, l: { outcomes: Record<string, string>; answers: Record<string, string> }): string | null {
  const d = r.details;
  const names = (v: unknown) => (Array.isArray(v) ? v.map(String).join("、") : null);
  const parts = [
    typeof d.outcome === "string" ? (l.outcomes[d.outcome] ?? d.outcome) : null,
    typeof d.answer === "string" ? (l.answers[d.answer] ?? d.answer) : null,
    names(d.names) ?? names(d.toNames),
    typeof d.n === "number" && r.kind === "remind" ? `#${d.n}` : null,
    typeof d.version === "number" && (r.kind === "update" || r.kind === "submit") ? `v${d.version}` : null,
    typeof d.note === "string" ? d.note : null,
  ].filter((x): x is string => !!x);
  return parts.length ? parts.join(" · ") : null;
}
