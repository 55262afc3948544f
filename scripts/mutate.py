#!/usr/bin/env python3
"""Structured mutation test: specsmith must never crash or hang.

Takes seed specs (the repo's fixtures, plus ../shared/corpus when it exists),
makes deterministic mutants of them (type swaps, deleted required fields,
`$ref`s to missing/self/cyclic targets, oneOf/allOf with 0 or 50 members,
keyword, colliding and very long names, required self-references, deep
nesting ...) and runs `check`, `generate`, `diff SEED MUTANT` and `vectors` on
each under a time and memory cap. A crash is an exit code outside 0/1/2, a
signal, a panic or a stack overflow; a hang is a run that hits the time cap.

    python3 scripts/mutate.py                       # the `make verify` size
    python3 scripts/mutate.py --mutants 2500 --all  # the whole run

Failing mutants are kept under --keep (default: $TMPDIR/specsmith-mutants)
with the command that failed. Exit status 1 when anything crashed or hung.
"""

import argparse
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KEYWORDS = ["class", "type", "default", "in", "self", "__init__", "constructor",
            "fn", "package", "None", "null", "true", "object", "String", "$ref"]
REQUIRED_KEYS = ["responses", "description", "type", "items", "schema", "name",
                 "in", "info", "paths", "title", "version", "properties",
                 "scopes", "flows", "content", "required", "components",
                 "openapi", "operationId", "discriminator", "propertyName"]
TYPES = ["string", "integer", "number", "boolean", "object", "array", "null",
         "bogus", 42, ["string", "null"], None]


class Loader(yaml.SafeLoader):
    """YAML 1.2-ish: keys stay strings (`200`, `on`, `yes`)."""


def _str_key_mapping(loader, node):
    pairs = loader.construct_pairs(node, deep=True)
    return {str(k): v for k, v in pairs}


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _str_key_mapping)
# Dates and timestamps stay text, as in JSON.
Loader.add_constructor("tag:yaml.org,2002:timestamp",
                       lambda loader, node: loader.construct_scalar(node))


def load_seed(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        if path.endswith(".json"):
            return json.loads(text)
        return yaml.load(text, Loader=Loader)
    except Exception:
        return None


def seeds(args):
    out = []
    fixed = [os.path.join(REPO, "specs", "sandbox-lifecycle.yml")]
    for d in ["tests/emit", "tests/fixtures", "tests/fixtures/robust"]:
        full = os.path.join(REPO, d)
        for n in sorted(os.listdir(full)):
            if n.endswith((".yaml", ".yml", ".json")):
                fixed.append(os.path.join(full, n))
    corpus = args.corpus
    corpus_files = []
    if corpus and os.path.isdir(corpus):
        for root, dirs, files in os.walk(corpus):
            dirs.sort()
            if "history" in root.split(os.sep):
                continue
            for n in sorted(files):
                if n.endswith((".yaml", ".yml", ".json")):
                    p = os.path.join(root, n)
                    if args.all or os.path.getsize(p) <= args.max_seed_bytes:
                        corpus_files.append(p)
    else:
        print(f"corpus {corpus} not found: mutating the repo's own specs only")
    for p in sorted(set(fixed)) + corpus_files:
        if os.path.getsize(p) > args.max_seed_bytes and not args.all and p not in fixed:
            continue
        doc = load_seed(p)
        if isinstance(doc, dict) and "openapi" in doc:
            out.append((p, doc))
    return out


def nodes(doc):
    """Every (parent, key, value) of the document, dicts and lists."""
    out = []
    stack = [doc]
    while stack:
        cur = stack.pop()
        items = cur.items() if isinstance(cur, dict) else enumerate(cur)
        for k, v in items:
            out.append((cur, k, v))
            if isinstance(v, (dict, list)):
                stack.append(v)
    return out


def schemas(doc):
    """Dicts that look like schemas (have type, properties, $ref, *Of or items)."""
    keys = {"type", "properties", "$ref", "oneOf", "anyOf", "allOf", "items", "enum"}
    return [(p, k, v) for p, k, v in nodes(doc)
            if isinstance(v, dict) and keys & set(v.keys())]


def component_names(doc):
    comps = doc.get("components")
    if isinstance(comps, dict) and isinstance(comps.get("schemas"), dict):
        return list(comps["schemas"].keys())
    return []


def ref(name):
    return {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}


def ensure_schemas(doc):
    comps = doc.setdefault("components", {})
    if not isinstance(comps, dict):
        comps = doc["components"] = {}
    if not isinstance(comps.get("schemas"), dict):
        comps["schemas"] = {}
    return comps["schemas"]


# --- mutation operators: each changes `doc` in place and says what it did ---

def m_type_swap(doc, rng):
    cands = [s for _, _, s in schemas(doc) if "type" in s]
    if not cands:
        return None
    s = rng.choice(cands)
    s["type"] = rng.choice(TYPES)
    return f"type -> {s['type']!r}"


def m_delete_key(doc, rng):
    cands = [(p, k) for p, k, v in nodes(doc) if isinstance(p, dict) and k in REQUIRED_KEYS]
    if not cands:
        return None
    p, k = rng.choice(cands)
    del p[k]
    return f"deleted {k}"


def m_wrong_scalar(doc, rng):
    cands = [(p, k) for p, k, v in nodes(doc) if isinstance(v, (dict, list))]
    if not cands:
        return None
    p, k = rng.choice(cands)
    p[k] = rng.choice([5, "text", True, None, [], {}])
    return f"replaced {k} by a scalar"


def m_ref_missing(doc, rng):
    cands = schemas(doc)
    if not cands:
        return None
    p, k, _ = rng.choice(cands)
    p[k] = rng.choice([ref("DoesNotExist"), {"$ref": "#/nowhere/at/all"},
                       {"$ref": "other-file.yaml#/X"}, {"$ref": "#"}, {"$ref": 5}])
    return "ref to a missing target"


def m_ref_self(doc, rng):
    names = component_names(doc)
    if not names:
        return None
    n = rng.choice(names)
    ensure_schemas(doc)[n] = ref(n)
    return f"{n}: $ref to itself"


def m_ref_cycle(doc, rng):
    names = component_names(doc)
    if len(names) < 2:
        return None
    a, b = rng.sample(names, 2)
    s = ensure_schemas(doc)
    s[a], s[b] = ref(b), ref(a)
    return f"{a} <-> {b} ref cycle"


def m_property_to_owner(doc, rng):
    s = ensure_schemas(doc)
    names = [n for n, v in s.items() if isinstance(v, dict) and isinstance(v.get("properties"), dict)]
    if not names:
        return None
    n = rng.choice(names)
    props = s[n]["properties"]
    if not props:
        return None
    k = rng.choice(list(props.keys()))
    props[k] = rng.choice([ref(n), {"allOf": [{}, ref(n)]}, {"type": "array", "items": ref(n)},
                           {"anyOf": [ref(n), {"type": "string"}]}])
    if rng.random() < 0.5:
        s[n].setdefault("required", [])
        if isinstance(s[n]["required"], list):
            s[n]["required"].append(k)
    return f"{n}.{k} refers to {n}"


def m_composition(doc, rng):
    cands = schemas(doc)
    if not cands:
        return None
    p, k, _ = rng.choice(cands)
    kw = rng.choice(["oneOf", "anyOf", "allOf"])
    names = component_names(doc)
    if rng.random() < 0.4:
        members = []
    else:
        members = []
        for _ in range(50):
            if names and rng.random() < 0.6:
                members.append(ref(rng.choice(names)))
            else:
                members.append({"type": rng.choice(["string", "integer", "object", "array"])})
    node = {kw: members}
    if rng.random() < 0.3:
        node["discriminator"] = {"propertyName": rng.choice(["kind", "type", "x"])}
    p[k] = node
    return f"{kw} with {len(members)} members"


def m_keyword_names(doc, rng):
    cands = [s for _, _, s in schemas(doc) if isinstance(s.get("properties"), dict) and s["properties"]]
    if not cands:
        return None
    s = rng.choice(cands)
    props = s["properties"]
    old = rng.choice(list(props.keys()))
    new = rng.choice(KEYWORDS)
    props[new] = props.pop(old)
    return f"property {old} -> {new}"


def m_colliding_names(doc, rng):
    cands = [s for _, _, s in schemas(doc) if isinstance(s.get("properties"), dict) and s["properties"]]
    schemas_ = ensure_schemas(doc)
    if cands and rng.random() < 0.5:
        s = rng.choice(cands)
        k = rng.choice(list(s["properties"].keys()))
        twin = k.upper() if rng.random() < 0.5 else "_" + k + "_"
        s["properties"][twin] = copy.deepcopy(s["properties"][k])
        s.setdefault("required", [])
        if isinstance(s["required"], list):
            s["required"] += [k, twin]
        return f"property {k} and {twin}"
    names = list(schemas_.keys())
    if not names:
        return None
    n = rng.choice(names)
    twin = n.lower() if rng.random() < 0.5 else n + "_"
    schemas_[twin] = copy.deepcopy(schemas_[n])
    return f"schema {n} and {twin}"


def m_long_names(doc, rng):
    long = "Very" + "Long" * rng.choice([200, 2000]) + "Name"
    schemas_ = ensure_schemas(doc)
    names = list(schemas_.keys())
    if names and rng.random() < 0.5:
        n = rng.choice(names)
        schemas_[long] = schemas_[n]
        schemas_[n] = ref(long)
        return "a very long schema name"
    cands = [s for _, _, s in schemas(doc) if isinstance(s.get("properties"), dict)]
    if not cands:
        return None
    rng.choice(cands)["properties"][long] = {"type": "string", "enum": [long, long + "x"]}
    return "a very long property name"


def m_bad_names(doc, rng):
    schemas_ = ensure_schemas(doc)
    bad = rng.choice(["../../x", "a\\b", "/etc/passwd", "", "with space", "ünïcode", "a~b", "%41"])
    schemas_[bad] = {"type": "object", "properties": {"x": ref(bad)}}
    return f"schema named {bad!r}"


def m_deep(doc, rng):
    depth = rng.choice([40, 100, 300])
    node = {"type": "string"}
    for _ in range(depth):
        node = rng.choice([{"type": "array", "items": node},
                           {"type": "object", "properties": {"a": node}},
                           {"allOf": [node]}])
    ensure_schemas(doc)["Deep"] = node
    return f"schema nested {depth} deep"


def m_discriminator(doc, rng):
    names = component_names(doc)
    s = ensure_schemas(doc)
    members = [{"type": "string"}, {"type": "array", "items": {}}]
    members += [ref(n) for n in rng.sample(names, min(2, len(names)))]
    s["Disc"] = {"oneOf": members, "discriminator": {"propertyName": "kind",
                                                     "mapping": {"a": "#/components/schemas/Missing"}}}
    return "discriminator over non-object members"


OPERATORS = [m_type_swap, m_delete_key, m_wrong_scalar, m_ref_missing, m_ref_self,
             m_ref_cycle, m_property_to_owner, m_composition, m_keyword_names,
             m_colliding_names, m_long_names, m_bad_names, m_deep, m_discriminator]


def mutate(doc, rng):
    doc = copy.deepcopy(doc)
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        op = rng.choice(OPERATORS)
        try:
            what = op(doc, rng)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            what = None
        if what:
            done.append(what)
    return doc, done


def peak_rss_mb():
    """The largest resident set of any command run so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(binary, args, cwd, timeout, mem_mb):
    def limit():
        b = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (b, b))
    start = time.monotonic()
    try:
        p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, timeout=timeout,
                           preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return "hang", time.monotonic() - start, ""
    text = (p.stdout + p.stderr).decode("utf-8", "replace")
    if p.returncode not in (0, 1, 2) or "panicked" in text or "overflow" in text:
        return f"crash (exit {p.returncode})", time.monotonic() - start, text[-2000:]
    return None, time.monotonic() - start, ""


def main():
    # Deep mutants are deep Python structures too.
    sys.setrecursionlimit(20_000)
    threading.stack_size(256 * 1024 * 1024)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutants", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus"))
    ap.add_argument("--all", action="store_true", help="every corpus spec, however large")
    ap.add_argument("--max-seed-bytes", type=int, default=400_000)
    ap.add_argument("--timeout", type=int, default=60, help="seconds per command")
    ap.add_argument("--mem-mb", type=int, default=3072, help="address-space cap per command")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "specsmith"))
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "specsmith-mutants"))
    ap.add_argument("--commands", default="check,generate,diff,vectors")
    ap.add_argument("--first", type=int, default=0,
                    help="index of the first mutant (a long run can be done in parts)")
    ap.add_argument("--progress", type=int, default=0, metavar="N",
                    help="print a progress line every N mutants")
    args = ap.parse_args()

    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    seed_docs = seeds(args)
    if not seed_docs:
        sys.exit("no seed specs found")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="specsmith-mutate-")
    with open(os.path.join(work, "specsmith.toml"), "w") as f:
        f.write("")
    commands = args.commands.split(",")

    def one(i):
        seed_path, seed_doc = seed_docs[i % len(seed_docs)]
        local = random.Random(args.seed * 1_000_003 + i)
        doc, done = mutate(seed_doc, local)
        d = os.path.join(work, f"m{i}")
        os.makedirs(d)
        text = None
        if local.random() < 0.3:
            try:
                text, path = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "spec.yaml"
            except (RecursionError, yaml.YAMLError):
                text = None
        if text is None:
            text, path = json.dumps(doc, ensure_ascii=False), "spec.json"
        path = os.path.join(d, path)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        problems = []
        total = 0.0
        base = ["--config", os.path.join(work, "specsmith.toml")]
        for c in commands:
            a = {"check": ["check", path],
                 "generate": ["generate", path, "--out", os.path.join(d, "out")],
                 "diff": ["diff", seed_path, path],
                 "vectors": ["vectors", path, "--out", os.path.join(d, "vectors")],
                 "docs": ["docs", path, "--out", os.path.join(d, "docs")]}[c]
            bad, secs, text = run(args.binary, base + a, d, args.timeout, args.mem_mb)
            total += secs
            if bad:
                problems.append((c, bad, " ".join(a), text))
        if problems:
            keep = os.path.join(args.keep, f"mutant-{i}")
            os.makedirs(keep, exist_ok=True)
            shutil.copy(path, keep)
            with open(os.path.join(keep, "README.txt"), "w") as f:
                f.write(f"seed: {seed_path}\nmutations: {done}\n")
                for c, bad, cmd, text in problems:
                    f.write(f"\n{bad}: specsmith {cmd}\n{text}\n")
        shutil.rmtree(d, ignore_errors=True)
        return i, seed_path, done, problems, total

    start = time.monotonic()
    crashes = hangs = 0
    slowest = (0.0, "")
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        indices = range(args.first, args.first + args.mutants)
        for n, (i, seed_path, done, problems, total) in enumerate(pool.map(one, indices), 1):
            if total > slowest[0]:
                slowest = (total, f"mutant {i} of {os.path.basename(seed_path)}")
            for c, bad, cmd, _ in problems:
                if bad == "hang":
                    hangs += 1
                else:
                    crashes += 1
                print(f"mutant {i} ({os.path.basename(seed_path)}: {'; '.join(done)}): {bad} in {c}",
                      flush=True)
            if args.progress and n % args.progress == 0:
                print(f"progress: {n} of {args.mutants} mutants, {crashes} crashes, {hangs} hangs, "
                      f"{time.monotonic() - start:.0f} s, peak RSS of one command "
                      f"{peak_rss_mb():.0f} MB", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - start
    print(f"{args.mutants} mutants of {len(seed_docs)} seed specs, {len(commands)} commands each: "
          f"{crashes} crashes, {hangs} hangs in {elapsed:.0f} s "
          f"(slowest: {slowest[1]}, {slowest[0]:.1f} s; peak RSS of one command "
          f"{peak_rss_mb():.0f} MB)")
    if crashes or hangs:
        print(f"failing mutants kept in {args.keep}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
