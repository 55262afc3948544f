#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.0 spec with N object schemas (and an operation
per ten schemas) to stdout, for the writer's fault tests and memory figures:

    python3 scripts/synthetic-spec.py 20000 > /tmp/synthetic-20000.json
    /usr/bin/time -v specsmith generate /tmp/synthetic-20000.json --out /tmp/out
"""
import json
import sys


def spec(n, prefix="Thing"):
    schemas = {}
    paths = {}
    for i in range(n):
        name = f"{prefix}{i}"
        props = {
            "id": {"type": "string", "format": "uuid"},
            "count": {"type": "integer", "format": "int64", "minimum": 0},
            "label": {"type": "string", "maxLength": 80},
            "state": {"type": "string", "enum": ["active", "paused", "gone"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        }
        # Chains of ten, each reached from one operation: every schema is used,
        # and no walk goes deeper than ten.
        if i % 10 != 9 and i + 1 < n:
            props["next"] = {"$ref": f"#/components/schemas/{prefix}{i + 1}"}
        schemas[name] = {"type": "object", "required": ["id"], "properties": props}
        if i % 10 == 0:
            paths[f"/{prefix.lower()}s/{i}"] = {
                "get": {
                    "operationId": f"get{name}",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{name}"}
                                }
                            },
                        }
                    },
                }
            }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    prefix = sys.argv[2] if len(sys.argv) > 2 else "Thing"
    json.dump(spec(n, prefix), sys.stdout)
