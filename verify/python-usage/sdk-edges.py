# for: SDK Edges
# package: sdk_edges (replaced by the generated package's name)
"""What a user of the generated sdk_edges package writes, checked by mypy
--strict and pyright (scripts/verify-generated.sh): a `const` is a Literal, so
comparing with it narrows, and another value fails to decode unless the const is
marked open; a one-value enum is open like any other enum."""

from __future__ import annotations

from typing import Literal

from pydantic import TypeAdapter, ValidationError

from sdk_edges import Circle, CircleShade, Shape, Square

circle = Circle(kind="circle", radius=1.5)
kind: Literal["circle"] = circle.kind
assert circle.model_dump() == {"kind": "circle", "radius": 1.5}

shape = TypeAdapter(Shape).validate_json('{"kind": "square", "side": 2}')
if isinstance(shape, Square):
    assert shape.kind == "square"

# Another value of a const fails to decode: a const is closed.
try:
    Circle.model_validate_json('{"kind": "ellipse", "radius": 1}')
    raise AssertionError("a const accepted another value")
except ValidationError:
    pass

# A const marked open and a one-value enum keep what a newer server sends and
# encode it back unchanged.
later = Circle.model_validate_json('{"kind": "circle", "radius": 1, "style": "dotted", "shade": "light"}')
assert later.model_dump() == {"kind": "circle", "radius": 1, "style": "dotted", "shade": "light"}
assert later.shade is not None and not later.shade.is_known
assert CircleShade("dark") == CircleShade.DARK

# What a client builds follows the schema (the ignores must be needed); at run
# time a const marked open takes another value.
Circle(kind="circle", radius=1, style="dotted")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
