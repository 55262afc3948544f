#!/usr/bin/env python3
"""Prepares the Go harness for one generated SDK.

usage: prepare.py SDK_DIR/go VECTORS_JSON BUILD_DIR

Writes BUILD_DIR/go.mod (requiring the generated module, replaced by its
path) and BUILD_DIR/main.go (main.go.tmpl with a switch from each type name in
the vectors to the exported Go type with the same name: the generator only
changes case and drops separators, see src/emit/go.rs; a name it cannot
find is 'unsupported'). A type whose schema is nullable (a vector of its own
is a bare `null`, tagged `enum-bare-null`) is decoded as `*T`, the way the
models hold it at every use site. Build with `cd BUILD_DIR && go build -o harness .`.
"""
import glob
import json
import os
import re
import sys


def key(name):
    return re.sub(r"[^0-9a-z]", "", name.lower())


def main():
    sdk, vectors_path, build = sys.argv[1:4]
    sdk = os.path.abspath(sdk)
    gomod = open(os.path.join(sdk, "go.mod")).read()
    module = re.search(r"^module\s+(\S+)", gomod, re.M).group(1)
    goversion = re.search(r"^go\s+(\S+)", gomod, re.M).group(1)
    types = []
    for path in sorted(glob.glob(os.path.join(sdk, "*.go"))):
        if path.endswith("_test.go"):
            continue
        # exported named types, aliases (`type X = T`) and slices (`type X []T`)
        # included; a generic type has no space before its `[` and is left out
        types += re.findall(r"^type ([A-Z][A-Za-z0-9_]*) ", open(path).read(), re.M)
    by_key = {}
    for t in types:
        by_key.setdefault(key(t), t)
    doc = json.load(open(vectors_path))
    vectors = doc["vectors"]
    # a type renamed with x-specsmith-name is found by that name
    declared = doc.get("names", {})
    names = sorted({v["type"] for v in vectors})
    nullable = {v["type"] for v in vectors if "enum-bare-null" in v.get("tags", [])}
    cases = []
    for n in names:
        t = n if n in types else by_key.get(key(declared.get(n, n)))
        if t:
            ty = f"*models.{t}" if n in nullable else f"models.{t}"
            cases.append(f"\tcase {json.dumps(n)}:\n\t\treturn roundtrip[{ty}](raw)")
    tmpl = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "main.go.tmpl")).read()
    guard = types[0] if types else None
    src = tmpl.replace("MODULE_PATH", module).replace("// CASES", "\n".join(cases))
    if guard:
        src = src.replace("models.UNUSED_GUARD", f"models.{guard}{{}}" if False else f"(*models.{guard})(nil)")
    else:
        src = src.replace("var _ = models.UNUSED_GUARD\n", "")
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(build, "main.go"), "w") as f:
        f.write(src)
    with open(os.path.join(build, "go.mod"), "w") as f:
        f.write(f"module conformanceharness\n\ngo {goversion}\n\nrequire {module} v0.0.0\n\nreplace {module} => {sdk}\n")


if __name__ == "__main__":
    main()
