// Type-level behaviour of the generated typescript models of the kitchen
// sink, checked by tsc --strict (tests/sdk_models.rs copies this file next
// to them). Every @ts-expect-error must hit an error, or tsc fails.
import type { Color, Priority, Shape, Thing, ThingKind, TreeNode } from "./index.js";

export const kind: ThingKind = "hologram"; // open enum: a later value type-checks
export const priority: Priority = 42;
// @ts-expect-error closed enum: an unlisted value does not
export const color: Color = "purple";

export const thing: Thing = {
  name: "lamp",
  requiredNullable: null,
  kind: "gadget",
  shape: { shape: "circle", radius: 1 },
};
// @ts-expect-error required and nullable: it may be null, not absent
export const missing: Thing = { name: "n", kind: "gadget", shape: { shape: "circle", radius: 1 } };
// @ts-expect-error optional and not nullable: it may be absent, not null
export const nulled: Thing = { ...thing, optionalPlain: null };
export const optionalNull: Thing = { ...thing, optionalNullable: null };
// Thing is sent and received: its required read-only id and write-only
// secret may be absent (thing has neither). TreeNode is only received.
export const node: TreeNode = { value: "root", depth: 0 };
// @ts-expect-error a response-only type keeps its required read-only field
export const shallow: TreeNode = { value: "root" };

export function area(shape: Shape): number {
  // The tag narrows the union.
  switch (shape.shape) {
    case "circle":
      return shape.radius * shape.radius * 3;
    case "rectangle":
      return shape.width * shape.height;
  }
}

export function rename(t: Thing): void {
  // @ts-expect-error read-only properties are set by the server
  t.id = "x";
}
