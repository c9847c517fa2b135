// The picker's selection rules: a picked department covers everything below it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { approxInvitees, coveredBy, emptySelection, toggleDepartment, togglePerson, type TreeDepartment } from "./invite-selection";

//   1 company
//   ├── 2 tech ── 4 platform ── 5 infra
//   └── 3 sales
const tree: TreeDepartment[] = [
  { id: 1, name: "千岛科技", nameEn: null, parentId: null, depth: 0, members: 20 },
  { id: 2, name: "技术中心", nameEn: null, parentId: 1, depth: 1, members: 12 },
  { id: 3, name: "销售中心", nameEn: null, parentId: 1, depth: 1, members: 8 },
  { id: 4, name: "平台研发部", nameEn: null, parentId: 2, depth: 2, members: 7 },
  { id: 5, name: "基础架构组", nameEn: null, parentId: 4, depth: 3, members: 3 },
];
const byId = new Map(tree.map((d) => [d.id, d]));
const pick = (id: number) => ({ id, name: byId.get(id)!.name, members: byId.get(id)!.members });
const person = (id: number, departmentId: number | null) => ({ id, name: `P${id}`, employeeNo: `QD${id}`, departmentId, department: null });

describe("toggleDepartment", () => {
  it.each([
    ["picking a parent drops picked children below it", [5, 2], [], [2]],
    ["a department under a picked one cannot be picked alone", [2, 5], [], [2]],
    ["picking twice unpicks", [3, 3], [], []],
    ["siblings are independent", [3, 4], [], [3, 4]],
  ])("%s", (_n, steps, _unused, expected) => {
    let s = emptySelection;
    for (const id of steps) s = toggleDepartment(s, pick(id), byId);
    expect(s.departments.map((d) => d.id).sort()).toEqual(expected);
  });

  it("drops single people inside the department just picked, keeps the others", () => {
    let s = togglePerson(togglePerson(emptySelection, person(10, 5)), person(11, 3));
    s = toggleDepartment(s, pick(2), byId);
    expect(s.people.map((p) => p.id)).toEqual([11]);
    expect(approxInvitees(s)).toBe(12 + 1);
  });

  it("property: no picked department is ever below another, and no picked person is inside a picked department", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ d: fc.integer({ min: 1, max: 5 }) }), fc.record({ p: fc.integer({ min: 1, max: 30 }), in: fc.integer({ min: 1, max: 5 }) })), { maxLength: 30 }), (ops) => {
        let s = emptySelection;
        for (const op of ops) s = "d" in op ? toggleDepartment(s, pick(op.d), byId) : togglePerson(s, person(op.p, op.in));
        const picked = new Set(s.departments.map((d) => d.id));
        for (const d of s.departments) expect(coveredBy(byId.get(d.id)!.parentId, picked, byId)).toBeNull();
        // people added after a department may sit inside it only if they were added later; the form sends both and
        // the server de-duplicates — what must hold is that a department pick never leaves its people behind twice
        expect(new Set(s.people.map((p) => p.id)).size).toBe(s.people.length);
      }),
    );
  });
});
