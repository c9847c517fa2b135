// What the invitation picker hands back to the meeting form: whole departments (their subtrees are invited) and
// single people. Shared types and the pure helpers the picker and the form both use (no server code, no zod).

export interface PickedDepartment {
  id: number;
  name: string;
  /** active people in the subtree when picked */
  members: number;
}

export interface PickedPerson {
  id: number;
  name: string;
  employeeNo: string;
  departmentId: number | null;
  department: string | null;
}

export interface InviteSelection {
  departments: PickedDepartment[];
  people: PickedPerson[];
}

export interface TreeDepartment {
  id: number;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  depth: number;
  members: number;
}

export const emptySelection: InviteSelection = { departments: [], people: [] };

/** The department ids from `id` up to the root (itself first). */
export function ancestorsOf(id: number, byId: Map<number, TreeDepartment>): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let cur: number | null = id; cur != null && !seen.has(cur); cur = byId.get(cur)?.parentId ?? null) {
    seen.add(cur);
    if (byId.has(cur)) out.push(cur);
  }
  return out;
}

/** Is department `id` (or a department above it) picked as a whole? Returns the picked one, or null. */
export function coveredBy(id: number | null, picked: Set<number>, byId: Map<number, TreeDepartment>): number | null {
  if (id == null) return null;
  for (const a of ancestorsOf(id, byId)) if (picked.has(a)) return a;
  return null;
}

/**
 * Toggle a department: picking it drops any picked department and person below it (it covers them); a department
 * already covered by a picked parent cannot be picked on its own (the parent already invites it).
 */
export function toggleDepartment(sel: InviteSelection, d: PickedDepartment, byId: Map<number, TreeDepartment>): InviteSelection {
  if (sel.departments.some((x) => x.id === d.id)) return { ...sel, departments: sel.departments.filter((x) => x.id !== d.id) };
  const picked = new Set(sel.departments.map((x) => x.id));
  if (coveredBy(d.id, picked, byId) != null) return sel;
  const below = (id: number | null) => id != null && ancestorsOf(id, byId).includes(d.id);
  return { departments: [...sel.departments.filter((x) => !below(x.id)), d], people: sel.people.filter((p) => !below(p.departmentId)) };
}

export function togglePerson(sel: InviteSelection, p: PickedPerson): InviteSelection {
  if (sel.people.some((x) => x.id === p.id)) return { ...sel, people: sel.people.filter((x) => x.id !== p.id) };
  return { ...sel, people: [...sel.people, p] };
}

/** People invited (exact: a single person is never inside a picked department): the picked departments' members plus single people (never inside a picked department). */
export function approxInvitees(sel: InviteSelection): number {
  return sel.departments.reduce((n, d) => n + d.members, 0) + sel.people.length;
}
