# for: SDK Edges
# package: sdk_edges (replaced by the generated package's name)
"""What a user of the generated sdk_edges package writes, checked by mypy
--strict and pyright (scripts/verify-generated.sh): a `const` is a Literal, so
comparing with it narrows, and a value a newer server sends instead still
decodes."""

from __future__ import annotations

from typing import Literal

from pydantic import TypeAdapter

from sdk_edges import Circle, Shape, Square

circle = Circle(kind="circle", radius=1.5)
kind: Literal["circle"] = circle.kind
assert circle.model_dump() == {"kind": "circle", "radius": 1.5}

shape = TypeAdapter(Shape).validate_json('{"kind": "square", "side": 2}')
if isinstance(shape, Square):
    assert shape.kind == "square"

# Another value (a newer server) decodes as sent and encodes back unchanged.
later = Circle.model_validate_json('{"kind": "ellipse", "radius": 1, "revision": 3}')
assert later.model_dump() == {"kind": "ellipse", "radius": 1, "revision": 3}

# What a client builds follows the schema (the ignores must be needed).
Circle(kind="ellipse", radius=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
