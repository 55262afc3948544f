"""Behaviour of the generated python models of the kitchen sink.

Run by tests/sdk_models.rs with the generated python/ folder on sys.path:
absent versus null, open and closed enums, unknown union tags and unknown
properties, int64 beyond 2^53.
"""

import json
import sys

import pydantic

sys.path.insert(0, sys.argv[1])
import kitchen_sink as ks  # noqa: E402

BASE = {
    "name": "lamp",
    "requiredNullable": None,
    "kind": "gadget",
    "shape": {"shape": "circle", "radius": 1.5},
}


def roundtrip(model: type[ks.SpecModel], payload: dict) -> dict:
    return json.loads(model.from_json(json.dumps(payload)).to_json())


def rejects(model: type[ks.SpecModel], payload: dict) -> bool:
    try:
        model.from_json(json.dumps(payload))
    except pydantic.ValidationError:
        return True
    return False


# Absent stays absent, null stays null, a value stays a value.
assert roundtrip(ks.Thing, BASE) == BASE
for value in (None, 7):
    payload = {**BASE, "optionalNullable": value}
    assert roundtrip(ks.Thing, payload) == payload
# Optional but not nullable: null is refused.
assert rejects(ks.Thing, {**BASE, "optionalPlain": None})
# Required and nullable: absent is refused.
assert rejects(ks.Thing, {k: v for k, v in BASE.items() if k != "requiredNullable"})

# Open enums keep values added later; closed ones refuse them.
thing = ks.Thing.from_json(json.dumps({**BASE, "kind": "hologram", "priority": 9}))
assert thing.kind == "hologram" and not thing.kind.is_known
assert thing.priority == 9 and thing.priority is not None and not thing.priority.is_known
assert ks.ThingKind.GADGET.is_known
assert json.loads(thing.to_json())["kind"] == "hologram"
assert rejects(ks.Thing, {**BASE, "color": "purple"})

# A union tag added later is kept as received.
triangle = {**BASE, "shape": {"shape": "triangle", "sides": [3, 4, 5]}}
parsed = ks.Thing.from_json(json.dumps(triangle))
assert isinstance(parsed.shape, ks.UnknownVariant)
assert roundtrip(ks.Thing, triangle) == triangle
assert isinstance(ks.Thing.from_json(json.dumps(BASE)).shape, ks.Circle)

# Unknown properties survive; int64 keeps every digit.
extra = {**BASE, "count64": 2**63 - 1, "addedLater": {"a": [1, "two"]}}
assert roundtrip(ks.Thing, extra) == extra

# Attribute names are snake_case with the wire name as alias.
built = ks.Thing(name="n", requiredNullable=None, kind=ks.ThingKind.GIZMO,
                 shape=ks.Circle(shape="circle", radius=2.0), **{"class": "c", "2fa": True})
assert built.class_ == "c" and built.field_2fa is True
assert json.loads(built.to_json()) == {
    "name": "n", "requiredNullable": None, "kind": "gizmo",
    "shape": {"shape": "circle", "radius": 2.0}, "class": "c", "2fa": True,
}
# Thing is sent and received: its required read-only `id` and write-only
# `secret` may be absent (BASE has neither), not null. TreeNode is only
# received: its required read-only `depth` must be there.
assert rejects(ks.Thing, {**BASE, "id": None})
assert rejects(ks.Thing, {**BASE, "secret": None})
node = {"value": "root", "depth": 0}
assert roundtrip(ks.TreeNode, node) == node
assert rejects(ks.TreeNode, {"value": "root"})
print("python round-trip: ok")

# additionalProperties: false binds the sender: a decoded payload keeps what a
# newer server added, and sends it back; a model built in code (a request)
# takes only the declared fields.
newer = {"email": "a@example.com", "verified": True}
assert roundtrip(ks.EmailContact, newer) == newer
try:
    ks.EmailContact(email="a@example.com", verified=True)  # type: ignore[call-arg]
except TypeError:
    pass
else:
    raise AssertionError("a closed model was built with an undeclared property")
assert ks.EmailContact(email="a@example.com").to_json() == '{"email":"a@example.com"}'
