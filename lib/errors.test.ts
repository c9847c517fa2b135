// errorResponse is the one place a thrown value becomes an HTTP answer: the client's mistakes are 4xx, ours 500.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorResponse } from "./errors";
import { ID_MESSAGE, ID_PATTERN } from "./validation";

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
};
const idParam = z.object({ id: z.string().regex(ID_PATTERN, ID_MESSAGE) });

describe("errorResponse", () => {
  const cases: { name: string; error: unknown; status: number; body: Record<string, unknown> }[] = [
    { name: "an AppError keeps its status and code", error: new AppError("conflict", 409, "already decided"), status: 409, body: { error: "conflict", message: "already decided" } },
    {
      name: "a zod failure on a path id is the client's: 400 naming the field",
      error: thrown(() => idParam.parse({ id: "99999999999999999999" })),
      status: 400,
      body: { error: "bad_request", message: `id: ${ID_MESSAGE}` },
    },
    {
      name: "several zod issues, nested paths joined with dots",
      error: thrown(() => z.object({ a: z.object({ b: z.number() }), c: z.string() }).parse({ a: { b: "x" }, c: 1 })),
      status: 400,
      body: { error: "bad_request", message: "a.b: Invalid input: expected number, received string; c: Invalid input: expected string, received number" },
    },
    { name: "an Error that only calls itself ZodError is ours", error: Object.assign(new Error("x"), { name: "ZodError" }), status: 500, body: { error: "internal", message: "internal error" } },
    { name: "any other Error is ours: 500 with a reference", error: new Error("connection refused"), status: 500, body: { error: "internal", message: "internal error" } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = errorResponse(c.error);
      expect(r.status).toBe(c.status);
      const body = (await r.json()) as Record<string, unknown>;
      expect(body).toMatchObject(c.body);
      if (c.status === 500) expect(body.reference).toMatch(/^[0-9a-f]{8}$/);
      else expect(body).not.toHaveProperty("reference");
    });
  }
});
