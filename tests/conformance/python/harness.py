#!/usr/bin/env python3
"""Python conformance harness (protocol: tests/conformance/README.md).

usage: PYTHONPATH=DIR/python harness.py VECTORS_JSON
       (the package under DIR/python is found on its own; PACKAGE=name picks one)

Decodes each vector into the generated model named by its `type` with
pydantic (a TypeAdapter, so enums, unions and aliases work as well as models)
and re-encodes it the way the SDK's own `to_json` does: by alias, leaving
unset (absent) properties out. A pydantic ValidationError is a rejection.
A type whose schema is nullable (a vector of its own is a bare `null`, tagged
`enum-bare-null`) is decoded as `T | None`, the way the models hold it at
every use site.
"""
import importlib
import json
import os
import re
import sys
from typing import Optional


def find_package():
    name = os.environ.get("PACKAGE")
    if name:
        return importlib.import_module(name)
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        for child in sorted(os.listdir(entry)):
            if os.path.isfile(os.path.join(entry, child, "_base.py")) and os.path.isfile(
                os.path.join(entry, child, "__init__.py")
            ):
                return importlib.import_module(child)
    raise SystemExit("harness.py: no generated package on PYTHONPATH (set PACKAGE=name)")


def key(name):
    """The IR name and the generated class name agree on this key (the
    generator only changes case and drops separators; see src/emit/python.rs)."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def main():
    import pydantic

    pkg = find_package()
    models = importlib.import_module(pkg.__name__ + ".models")
    by_name = {}
    by_key = {}
    for mod in (models, pkg):
        for attr in dir(mod):
            if attr.startswith("_"):
                continue
            obj = getattr(mod, attr)
            by_name.setdefault(attr, obj)
            by_key.setdefault(key(attr), obj)
            by_key.setdefault(key(attr.rstrip("_")), obj)

    doc = json.load(open(sys.argv[1]))
    vectors = doc["vectors"]
    # a type renamed with x-specsmith-name is found by that name
    declared = doc.get("names", {})
    nullable = {v["type"] for v in vectors if "enum-bare-null" in v.get("tags", [])}
    adapters = {}
    for v in vectors:
        vid, tname = v["id"], v["type"]
        target = by_name.get(tname) or by_key.get(key(declared.get(tname, tname)))
        if target is None:
            print(json.dumps({"id": vid, "result": "unsupported", "error": f"no model for {tname}"}))
            continue
        if tname not in adapters:
            try:
                adapters[tname] = pydantic.TypeAdapter(Optional[target] if tname in nullable else target)
            except Exception as e:  # not a type (e.g. a helper function)
                adapters[tname] = e
        ad = adapters[tname]
        if isinstance(ad, Exception):
            print(json.dumps({"id": vid, "result": "unsupported", "error": f"{tname}: {ad}"[:300]}))
            continue
        text = json.dumps(v["value"])
        try:
            decoded = ad.validate_json(text)
        except pydantic.ValidationError as e:
            print(json.dumps({"id": vid, "result": "rejected", "error": str(e).splitlines()[0][:300]}))
            continue
        except Exception as e:
            print(json.dumps({"id": vid, "result": "rejected", "error": f"{type(e).__name__}: {e}"[:300]}))
            continue
        try:
            out = json.loads(ad.dump_json(decoded, by_alias=True, exclude_unset=True))
        except Exception as e:
            print(json.dumps({"id": vid, "result": "accepted", "output": None, "error": f"encode failed: {type(e).__name__}: {e}"[:300]}))
            continue
        print(json.dumps({"id": vid, "result": "accepted", "output": out}))


if __name__ == "__main__":
    main()
