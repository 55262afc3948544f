#!/usr/bin/env python3
"""Prepares the Kotlin harness for one generated SDK.

usage: prepare.py SDK_DIR/kotlin VECTORS_JSON BUILD_DIR

Copies the generated sources to BUILD_DIR/src/model and writes
BUILD_DIR/src/harness/Harness.kt (Harness.kt.tmpl with a lookup from each type
name in the vectors to serializer<T>() of the generated type with the same
name: the generator only changes case and drops separators and may add a
`Model` suffix, see src/emit/kotlin.rs; a name it cannot find is
'unsupported'; a type alias of a java.time type is decoded with the generated
LocalDateSerializer / OffsetDateTimeSerializer, see serializer_expr). The lookup is split into functions of a few hundred entries
so that no JVM method outgrows its size limit on large specs.

Build with verify/kotlin/pom.xml (-Dsrc.dir=BUILD_DIR/src) and run the class
specsmith.conformance.HarnessKt; tests/conformance/driver.py does both.
"""
import glob
import json
import os
import re
import shutil
import sys

CHUNK = 300


def key(name):
    return re.sub(r"[^0-9a-z]", "", name.lower())


def split_args(text):
    """Splits `A, Map<B, C>` at its top-level commas."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += {"<": 1, ">": -1}.get(ch, 0)
        cur += ch
    out.append(cur.strip())
    return out


def java_time(ty, aliases, seen=()):
    """Whether the expansion of the Kotlin type `ty` mentions a java.time class."""
    for word in re.findall(r"\w+", ty):
        if word in ("LocalDate", "OffsetDateTime"):
            return True
        if word in aliases and word not in seen and java_time(aliases[word], aliases, seen + (word,)):
            return True
    return False


def serializer_expr(ty, aliases):
    """The serializer a program passes to decode `ty`.

    serializer<T>() finds the plugin-generated serializers; java.time classes
    have none, so a type alias whose expansion holds `LocalDate` or
    `OffsetDateTime` is decoded with the generated LocalDateSerializer /
    OffsetDateTimeSerializer, composed as the generated code composes them
    (the models' own properties get them through @file:UseSerializers).
    """
    ty = ty.strip()
    if not java_time(ty, aliases):
        return f"serializer<{ty}>()"
    if ty.endswith("?"):
        return serializer_expr(ty[:-1], aliases) + ".nullable"
    m = re.fullmatch(r"(\w+)<(.*)>", ty)
    if m:
        args = [serializer_expr(a, aliases) for a in split_args(m.group(2))]
        if m.group(1) == "List":
            return f"ListSerializer({args[0]})"
        if m.group(1) == "Map":
            return f"MapSerializer({args[0]}, {args[1]})"
        raise SystemExit(f"prepare.py: no serializer for {ty}")
    if ty in aliases:
        return serializer_expr(aliases[ty], aliases)
    return f"{ty}Serializer"


def main():
    sdk, vectors_path, build = sys.argv[1:4]
    sdk = os.path.abspath(sdk)
    package = None
    types = []
    all_text = ""
    for path in sorted(glob.glob(os.path.join(sdk, "**", "*.kt"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        all_text += text + "\n"
        m = re.search(r"^package\s+([\w.]+)", text, re.M)
        if m and package is None:
            package = m.group(1)
        # Public model types only: data/value/enum classes, sealed interfaces, typealiases.
        types += re.findall(
            r"^(?:@Deprecated\([^)]*\)\s*)?(?:data class|value class|enum class|sealed interface|typealias|class) ([A-Z][A-Za-z0-9_]*)\b(?![^\n]*: UnknownPropertiesSerializer)",
            text,
            re.M,
        )
    if package is None:
        raise SystemExit("prepare.py: no Kotlin package under " + sdk)
    aliases = dict(re.findall(r"^typealias (\w+) = (.+)$", all_text, re.M))
    helpers = {"Optional", "UnknownPropertiesSerializer"}
    types = [t for t in types if t not in helpers]
    by_key = {}
    for t in types:
        by_key.setdefault(key(t), t)
        if t.endswith("Model"):
            by_key.setdefault(key(t[: -len("Model")]), t)
    doc = json.load(open(vectors_path, encoding="utf-8"))
    vectors = doc["vectors"]
    # a type renamed with x-specsmith-name is found by that name
    declared = doc.get("names", {})
    names = sorted({v["type"] for v in vectors})
    # A type whose schema is nullable (it has a bare `null` vector, tagged
    # `enum-bare-null`) is decoded as `T?`, the way its use sites hold it.
    nullable = {v["type"] for v in vectors if "enum-bare-null" in v.get("tags", [])}
    entries = []
    for n in names:
        t = n if n in types else by_key.get(key(declared.get(n, n)))
        if t:
            # Spelled out with the package: a star import loses to Kotlin's
            # default imports (OpenAI's `Annotation` is not kotlin.Annotation).
            expr = serializer_expr(t, aliases)
            if expr == f"serializer<{t}>()":
                expr = f"serializer<{package}.{t}>()"
            if n in nullable:
                expr += ".nullable"
            entries.append(f"        {json.dumps(n)} -> {expr}")
    chunks = []
    lookup = []
    for i in range(0, len(entries), CHUNK):
        part = entries[i : i + CHUNK]
        chunks.append(
            f"fun serializerFor{i // CHUNK}(ty: String): KSerializer<*>? =\n    when (ty) {{\n"
            + "\n".join(part)
            + "\n        else -> null\n    }\n"
        )
        lookup.append(f"serializerFor{i // CHUNK}(ty)")
    tmpl = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "Harness.kt.tmpl"), encoding="utf-8").read()
    src = (
        tmpl.replace("MODEL_PACKAGE", package)
        .replace("// CHUNKS", "\n".join(chunks))
        .replace("// LOOKUP", "    " + (" ?: ".join(lookup) if lookup else "null"))
    )
    shutil.rmtree(os.path.join(build, "src"), ignore_errors=True)
    shutil.copytree(sdk, os.path.join(build, "src", "model"))
    os.makedirs(os.path.join(build, "src", "harness"), exist_ok=True)
    with open(os.path.join(build, "src", "harness", "Harness.kt"), "w", encoding="utf-8") as f:
        f.write(src)


if __name__ == "__main__":
    main()
