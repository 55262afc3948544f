#!/usr/bin/env python3
"""Cross-version conformance: is `specsmith diff`'s verdict true of
specsmith's own SDKs? (docs/conformance.md, "Across versions")

For each pair OLD -> NEW of a spec history:
  - responses: the SDK models generated from OLD decode (and re-encode
    unchanged) every accept vector of NEW whose type a response of NEW uses,
    unless `specsmith diff --profile codegen` reports an error for it;
  - requests: the models of the rust-server generated from NEW accept every
    vector an OLD client may send (an accept vector of OLD whose type a
    request body of OLD uses, without unknown properties or values) unless
    diff reports an error for it.
The harnesses are driver.py's (one build per spec and language, reused for
every pair the spec is in). The server side builds the rust-server's
`models.rs` (the serde types its router decodes request bodies with) as a
crate of its own behind the Rust harness, so axum and tokio are not built.

usage:
  crossver.py [--history lifecycle|boxlite ...] [--lang NAME ...] [--work DIR] [--keep]
  crossver.py --pair OLD NEW [--migration FILE] ...     (only these pairs)

--pair takes paths; a following --migration applies to the pair before it.
Prints every failure, then a table (pair x language: vectors decoded /
failed, and the server's requests accepted / failed) and exits 1 on any
failure, 0 otherwise. Skipped (exit 0) when ../shared/corpus is absent and
the pairs are from it.
"""
import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402  (the harnesses and the comparison: one copy)

REPO = driver.REPO
# The corpus beside the repository (SPECSMITH_CORPUS overrides it).
CORPUS = os.path.abspath(os.environ.get("SPECSMITH_CORPUS", driver.CORPUS_DIR))
HISTORY_MANIFESTS = os.path.join(REPO, "tests", "compat", "history")
CLIENT_LANGS = ["python", "typescript", "go", "kotlin", "rust"]

# BoxLite renames declared by a migration manifest: (old file, new file) ->
# manifest under tests/compat/history (each names its pair in its header).
BOXLITE_MANIFESTS = {
    ("001-2b043f2.yaml", "002-490d093.yaml"): "boxlite-sandbox-to-box.yaml",
    ("010-7f5dcce.yaml", "011-48b4997.yaml"): "boxlite-autopause-to-autostop.yaml",
}

# Vectors an OLD client following its own schema never sends: values the
# schema does not list (they are reader cases).
NOT_SENT_CASES = ("/unknown-property", "/forbidden-property", "/unknown-value", "/unknown-variant")
NOT_SENT_TAGS = {"rename", "rename-open-enum", "rename-type", "only-unknown-properties"}


def histories(names):
    pairs = []
    if "lifecycle" in names:
        folder = os.path.join(CORPUS, "opensandbox-lifecycle")
        specs = sorted(glob.glob(os.path.join(folder, "[0-9][0-9][0-9]-*.yml")))
        for a, b in zip(specs, specs[1:]):
            pairs.append((a, b, []))
        newest = [s for s in specs if os.path.basename(s).startswith("040-")]
        pr = os.path.join(folder, "imageuri-pr.yml")
        if newest and os.path.exists(pr):
            pairs.append((newest[0], pr, []))
    if "boxlite" in names:
        specs = sorted(glob.glob(os.path.join(CORPUS, "boxlite", "history", "[0-9][0-9][0-9]-*.yaml")))
        for a, b in zip(specs, specs[1:]):
            m = BOXLITE_MANIFESTS.get((os.path.basename(a), os.path.basename(b)))
            pairs.append((a, b, [os.path.join(HISTORY_MANIFESTS, m)] if m else []))
    return pairs


def label(path):
    """(short name, history) of a spec: `040`, `lifecycle`."""
    parent = os.path.basename(os.path.dirname(path))
    history = {"opensandbox-lifecycle": "lifecycle", "history": "boxlite"}.get(parent, parent)
    return re.sub(r"\.(ya?ml|json)$", "", re.sub(r"^(\d{3})-[0-9a-f]+", r"\1", os.path.basename(path))), history


def pair_name(old, new):
    (a, h), (b, _) = label(old), label(new)
    return f"{h} {a}→{b}"


# ------------------------------------------------------------------ the IR

def named_in(node, out):
    """Every type name a JSON IR fragment refers to."""
    if isinstance(node, dict):
        if node.get("kind") == "named" and isinstance(node.get("of"), str):
            out.add(node["of"])
        for v in node.values():
            named_in(v, out)
    elif isinstance(node, list):
        for v in node:
            named_in(v, out)
    return out


class Ir:
    def __init__(self, data):
        self.types = data["types"]
        self.ops = data["operations"]
        self.refs = {n: named_in(t.get("kind"), set()) for n, t in self.types.items()}
        self.pointers = sorted(((t.get("loc") or {}).get("pointer", ""), n) for n, t in self.types.items())
        self._closure = {}

    def closure(self, names):
        out = set()
        todo = [n for n in names if n in self.types]
        while todo:
            n = todo.pop()
            if n in out:
                continue
            out.add(n)
            todo += [m for m in self.refs.get(n, ()) if m in self.types and m not in out]
        return out

    def type_at(self, pointer):
        """The type whose schema holds the JSON pointer (longest prefix)."""
        best = None
        for p, n in self.pointers:
            if p and (pointer == p or pointer.startswith(p + "/")) and (best is None or len(p) > len(best[0])):
                best = (p, n)
        return best[1] if best else None

    def op_at(self, pointer):
        for op in self.ops:
            p = "/paths/" + op["path"].replace("~", "~0").replace("/", "~1") + "/" + op["method"].lower()
            if pointer == p or pointer.startswith(p + "/"):
                return op
        return None

    @staticmethod
    def bodies(op, side):
        """(key, type ref) of the JSON bodies of one side of an operation."""
        out = []
        if side == "request":
            for m in (op.get("request_body") or {}).get("content", []):
                if "json" in m.get("content_type", "json") and m.get("ty"):
                    out.append(("request", m["ty"]))
        else:
            for r in op.get("responses", []):
                for m in r.get("content", []):
                    if "json" in m.get("content_type", "json") and m.get("ty"):
                        out.append((r["status"], m["ty"]))
        return out


def op_key(op, path_renames):
    path = path_renames.get(op["path"], op["path"])
    return op["method"].upper(), re.sub(r"\{[^}]*\}", "{}", path)


def top_named(ty):
    """The named type a body decodes into, through arrays and null."""
    while isinstance(ty, dict):
        if ty.get("kind") == "named":
            return ty["of"]
        if ty.get("kind") in ("array", "nullable", "optional") and "of" in ty:
            ty = ty["of"]
            continue
        return None
    return None


# ------------------------------------------------------------------ manifests

def manifest_renames(paths):
    """(schema renames old->new, path renames old->new) of the manifests."""
    schemas, ps = {}, {}
    for p in paths:
        section = None
        for line in open(p, encoding="utf-8"):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line.startswith(" "):
                section = line.split(":")[0].strip()
                continue
            m = re.match(r"\s+(['\"]?)(.*?)\1:\s+(['\"]?)(.*?)\3\s*$", line)
            if m and section == "schemas":
                schemas[m.group(2)] = m.group(4)
            elif m and section == "paths":
                ps[m.group(2)] = m.group(4)
    return schemas, ps


# ------------------------------------------------------------------ the verdict

def touched(findings, side_dir, old, new, schema_to_new):
    """What the diff's errors of one direction touch.

    Returns (types in NEW, types in OLD, operations in NEW by key, operations
    in OLD by key, everything): a finding at a schema touches that type on
    its side; at an operation, that operation; under /info (the version
    policy) nothing; anywhere else everything of that direction."""
    tn, to, on, oo = set(), set(), set(), set()
    everything = []
    for f in findings:
        if f.get("level") != "error" or f.get("direction") not in (side_dir, "both"):
            continue
        hit = False
        for side, ir, types, ops in (("head", new, tn, on), ("base", old, to, oo)):
            loc = f.get(side) or {}
            ptr = loc.get("pointer")
            if ptr is None:
                continue
            if ptr == "/info" or ptr.startswith("/info/"):
                hit = True
                continue
            t = ir.type_at(ptr)
            if t:
                types.add(t)
                hit = True
                continue
            op = ir.op_at(ptr)
            if op:
                ops.add(op["id"])
                hit = True
                continue
            if ptr.startswith("/components/schemas/"):
                # A schema the IR has no type of (removed on this side, or
                # not lowered to a named type): by name.
                types.add(ptr.split("/")[3].replace("~1", "/").replace("~0", "~"))
                hit = True
        if not hit:
            everything.append(f"{f['rule']} at {(f.get('head') or f.get('base') or {}).get('pointer')}")
    return tn, to, on, oo, everything


def pairs_of_types(src, dst, side, src_to_dst_name, path_map):
    """{(src type, dst type): [contexts]} for the bodies of one side: the
    body's own types paired by operation, and every type they reach paired
    by name. `src` is the side the vectors come from."""
    dst_ops = {}
    for op in dst.ops:
        dst_ops.setdefault(op_key(op, {}), op)
    out = {}
    for op in src.ops:
        other = dst_ops.get(op_key(op, path_map))
        if other is None:
            continue  # an operation the other side does not have
        ob = dict(Ir.bodies(other, side))
        for key, ty in Ir.bodies(op, side):
            if key not in ob:
                continue
            ctx = (op["id"], other["id"])
            a, b = top_named(ty), top_named(ob[key])
            if a and b:
                out.setdefault((a, b), []).append(ctx)
            for n in src.closure(named_in(ty, set())):
                m = src_to_dst_name.get(n, n)
                if m in dst.types:
                    out.setdefault((n, m), []).append(ctx)
    return out


def select(pairs, vectors, src_ir, dst_ir, src_touched, dst_touched, src_ops, dst_ops, everything, request):
    """The vectors to run (their type renamed to the other side's), and the
    number of type pairs the diff excused."""
    if everything:
        return [], len(pairs)
    by_type = {}
    for v in vectors:
        if not v["accept"]:
            continue
        tags = set(v.get("tags", []))
        if request and (v["id"].endswith(NOT_SENT_CASES) or tags & NOT_SENT_TAGS):
            continue
        if tags & {"rename", "rename-open-enum", "rename-type"}:
            continue
        by_type.setdefault(v["type"], []).append(v)
    out, excused = [], 0
    for (a, b), ctxs in sorted(pairs.items()):
        clean = [c for c in ctxs if c[0] not in src_ops and c[1] not in dst_ops]
        if not clean or src_ir.closure([a]) & src_touched or dst_ir.closure([b]) & dst_touched:
            excused += 1
            continue
        for v in by_type.get(a, []):
            w = dict(v)
            w["type"] = b
            w["source_type"] = a
            w["id"] = v["id"] if a == b else f"{v['id']}@{b}"
            out.append(w)
    seen = set()
    return [v for v in out if not (v["id"] in seen or seen.add(v["id"]))], excused


# ------------------------------------------------------------------ per spec

class Spec:
    """A spec's generated SDK, IR and vectors (once per run)."""

    def __init__(self, path, work):
        self.path = path
        name, history = label(path)
        self.dir = os.path.join(work, f"{history}-{name}")
        os.makedirs(self.dir, exist_ok=True)
        self.sdk = os.path.join(self.dir, "sdk")
        self.harness = {}
        self.servers = {}
        self._ir = None
        self._vectors = None
        self._config = None

    def config(self):
        """A config of the run's own (the project's specsmith.toml does not
        apply to other specs); generate() adds the demoted rules to it."""
        if self._config is None:
            self._config = os.path.join(self.dir, "specsmith.toml")
            with open(self._config, "w", encoding="utf-8") as f:
                f.write("")
        return self._config

    def generate(self, migrations, out, target=None):
        """driver.generate_lenient for one target: the spec's own data errors
        (examples, defaults) demoted to warnings, which is said; errors the
        generators raise are not."""
        ok, log = driver.generate(self.path, migrations, out, self.config(), target)
        if ok:
            return ok, log
        rules = sorted(set(re.findall(r"error\[([a-z0-9-]+)\]", log)) - driver.GENERATOR_ERRORS)
        if not rules:
            return ok, log
        print(f"{label(self.path)[0]}: the spec's own errors, demoted to warnings for this run: {', '.join(rules)}")
        with open(self.config(), "w", encoding="utf-8") as f:
            f.write("[lint.rules]\n" + "".join(f'"{r}" = "warning"\n' for r in rules))
        return driver.generate(self.path, migrations, out, self.config(), target)

    def ir(self):
        if self._ir is None:
            ok, out = driver.sh([driver.SPECSMITH, "ir", "--config", self.config(), self.path])
            if not ok:
                raise RuntimeError(f"specsmith ir {self.path} failed:\n{out[-2000:]}")
            self._ir = Ir(json.loads(out[out.index("{"):]))
        return self._ir

    def vectors(self):
        if self._vectors is None:
            out = os.path.join(self.dir, "vectors")
            cmd = [driver.SPECSMITH, "vectors", "--config", self.config(), self.path, "--out", out]
            ok, log = driver.sh(cmd)
            if not ok:
                raise RuntimeError(f"specsmith vectors {self.path} failed:\n{log[-2000:]}")
            self._vectors = json.load(open(os.path.join(out, "vectors.json"), encoding="utf-8"))["vectors"]
        return self._vectors

    def client(self, lang, types_file):
        """The OLD-side harness of one language (built once)."""
        if lang not in self.harness:
            if not os.path.isdir(self.sdk):
                ok, log = self.generate([], self.sdk)
                if not ok:
                    self.harness = {l: (None, "generate failed:\n" + log[-3000:]) for l in CLIENT_LANGS}
                    return self.harness[lang]
            cmd, log = driver.build(lang, self.sdk, types_file, os.path.join(self.dir, "client"))
            self.harness[lang] = (keep_binary(cmd, os.path.join(self.dir, f"client-{lang}")), log)
        return self.harness[lang]

    def server(self, migrations, types_file):
        """The NEW-side server models harness (built once per manifest set)."""
        key = tuple(migrations)
        if key not in self.servers:
            out = os.path.join(self.dir, "server" + ("-" + "-".join(os.path.basename(m).split(".")[0] for m in migrations) if migrations else ""))
            ok, log = self.generate(migrations, out, target="rust-server")
            if not ok:
                self.servers[key] = (None, "generate rust-server failed:\n" + log[-3000:])
                return self.servers[key]
            crate = os.path.join(out, "models-crate")
            server_models_crate(os.path.join(out, "rust-server"), crate)
            cmd, log = build_rust_at(crate, types_file, os.path.join(out, "harness"))
            self.servers[key] = (keep_binary(cmd, os.path.join(out, "server-harness")), log)
        return self.servers[key]


def keep_binary(cmd, dest):
    """The Rust harness lands in the shared cargo target dir, where the next
    build overwrites it: keep a copy per spec."""
    if cmd and cmd[0].startswith(driver.CARGO_TARGET):
        shutil.copy2(cmd[0], dest)
        return [dest] + cmd[1:]
    return cmd


def server_models_crate(server, crate):
    """A crate of the rust-server's models alone: the serde types the
    router decodes request bodies with (serde_path_to_error over the same
    Deserialize impls), without axum and tokio."""
    toml = open(os.path.join(server, "Cargo.toml"), encoding="utf-8").read()
    name = re.search(r'^name\s*=\s*"([^"]+)"', toml, re.M).group(1) + "-models"
    deps = [l for l in toml.split("[dependencies]", 1)[1].splitlines() if re.match(r"(serde|serde_json|chrono)\s*=", l)]
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    with open(os.path.join(crate, "Cargo.toml"), "w", encoding="utf-8") as f:
        f.write(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n' + "\n".join(deps) + "\n")
    split = os.path.join(server, "src", "models")
    if os.path.isdir(split):
        # Large models are a `models/` module of one file per letter.
        shutil.copytree(split, os.path.join(crate, "src", "models"), dirs_exist_ok=True)
        with open(os.path.join(crate, "src", "lib.rs"), "w", encoding="utf-8") as f:
            f.write("mod models;\n\npub use models::*;\n")
    else:
        shutil.copy(os.path.join(server, "src", "models.rs"), os.path.join(crate, "src", "lib.rs"))


def build_rust_at(crate, types_file, bdir):
    """driver.build's Rust harness, over a crate that is not under sdk/rust."""
    parent = os.path.join(bdir, "sdk")
    os.makedirs(parent, exist_ok=True)
    link = os.path.join(parent, "rust")
    if not os.path.exists(link):
        os.symlink(crate, link)
    return driver.build("rust", parent, types_file, bdir)


# ------------------------------------------------------------------ the run

def write_vectors(path, vectors):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"api": "cross-version", "version": "", "vectors": vectors}, f)
    return path


def additions(sent, orig):
    """What the server's encoding `sent` adds to the payload `orig`: the
    properties it writes that `orig` lacks (at any depth), as a payload of
    the same shape, or None. Values it only normalises do not count."""
    if isinstance(sent, dict) and isinstance(orig, dict):
        out = {}
        for k, v in sent.items():
            if k not in orig:
                out[k] = v
            else:
                a = additions(v, orig[k])
                if a is not None:
                    out[k] = a
        return out or None
    if isinstance(sent, list) and isinstance(orig, list) and len(sent) == len(orig):
        items = [additions(a, b) for a, b in zip(sent, orig)]
        return items if any(i is not None for i in items) else None
    return None


def merged(orig, added):
    """`orig` with the properties of `additions` put in."""
    if added is None:
        return orig
    if isinstance(orig, dict):
        out = dict(orig)
        for k, v in added.items():
            out[k] = merged(orig[k], v) if k in orig else v
        return out
    return [merged(o, a) for o, a in zip(orig, added)]


def as_served(resp, cmd, path):
    """The NEW response vectors as the NEW rust-server sends them: each is
    encoded by the server's own models, and what that encoding adds (the
    old names of properties renamed by a served rename, written beside the
    new ones) is put into the payload the OLD models must read. Returns the
    number of payloads that changed."""
    write_vectors(path, [dict(v, type=v["source_type"]) for v in resp])
    results, _ = driver.run_harness(cmd, path)
    changed = 0
    for v in resp:
        r = results.get(v["id"]) or {}
        if r.get("result") != "accepted":
            continue  # not the server's to send (a reader case, such as a forbidden property)
        added = additions(r.get("output"), v["value"])
        if added is not None:
            changed += 1
            v["value"] = merged(v["value"], added)
            if "expect" in v:
                v["expect"] = merged(v["expect"], added)
    return changed


def diff(old, new, migrations, config):
    cmd = [driver.SPECSMITH, "diff", "--profile", "codegen", "--format", "json", "--config", config, old, new]
    for m in migrations:
        cmd += ["--migration", m]
    p = driver.subprocess.run(cmd, stdout=driver.subprocess.PIPE, stderr=driver.subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        return None, f"diff exit {p.returncode}: {p.stderr.strip()[-600:]}"
    return json.loads(p.stdout), ""


def plan(old, new, migrations):
    """The response and request vectors of one pair, and notes."""
    schema_map, path_map = manifest_renames(migrations)
    rev = {v: k for k, v in schema_map.items()}
    oi, ni = old.ir(), new.ir()
    report, err = diff(old.path, new.path, migrations, new.config())
    if report is None:
        return None, None, err
    findings = report.get("findings", [])
    notes = []
    # responses: NEW payloads, OLD models
    tn, to, on, oo, every = touched(findings, "response", oi, ni, schema_map)
    rpairs = pairs_of_types(ni, oi, "response", rev, {v: k for k, v in path_map.items()})
    resp, rex = select(rpairs, new.vectors(), ni, oi, tn, to, on, oo, every, request=False)
    if every:
        notes.append("responses not judged: " + "; ".join(every[:3]))
    # requests: OLD payloads, NEW server
    tn, to, on, oo, every = touched(findings, "request", oi, ni, schema_map)
    qpairs = pairs_of_types(oi, ni, "request", schema_map, path_map)
    req, qex = select(qpairs, old.vectors(), oi, ni, to, tn, oo, on, every, request=True)
    if every:
        notes.append("requests not judged: " + "; ".join(every[:3]))
    errors = sum(1 for f in findings if f.get("level") == "error" and not f.get("rule", "").startswith("version-"))
    notes.insert(0, f"{errors} diff errors; type pairs left out by them: {rex} response, {qex} request")
    return resp, req, "; ".join(notes)


def run(pairs, langs, work):
    specs = {}

    def spec(p):
        if p not in specs:
            specs[p] = Spec(p, work)
        return specs[p]

    planned = []
    for old, new, migs in pairs:
        name = pair_name(old, new)
        t0 = time.monotonic()
        try:
            resp, req, note = plan(spec(old), spec(new), migs)
        except RuntimeError as e:
            resp, req, note = None, None, str(e)
        planned.append((old, new, migs, name, resp, req, note, time.monotonic() - t0))
    # One harness per spec and language, built for every type any of its pairs needs.
    client_types, server_types = {}, {}
    for old, new, migs, name, resp, req, note, _ in planned:
        if resp is not None:
            client_types.setdefault(old, []).extend(resp)
            server_types.setdefault((new, tuple(migs)), []).extend(req)
            server_types[(new, tuple(migs))].extend(dict(v, type=v["source_type"]) for v in resp)

    rows = []
    all_ok = True
    for i, (old, new, migs, name, resp, req, note, secs) in enumerate(planned):
        print(f"\n== {name}" + (f" (migration: {', '.join(os.path.basename(m) for m in migs)})" if migs else ""), flush=True)
        print(note, flush=True)
        cells = {}
        if resp is None:
            all_ok = False
            rows.append((name, None, note))
            continue
        t0 = time.monotonic()
        d = os.path.join(work, "pairs", str(i))
        # The server first: the response payloads are what it sends.
        sfile = os.path.join(spec(new).dir, "server-types-" + str(abs(hash(tuple(migs)))) + ".json")
        if not os.path.exists(sfile):
            write_vectors(sfile, server_types[(new, tuple(migs))])
        scmd, slog = spec(new).server(migs, sfile)
        if scmd is not None:
            n = as_served(resp, scmd, os.path.join(d, "responses-new.json"))
            if n:
                print(f"{n} response payloads carry properties the new server writes besides the spec's (served renames)")
        rfile = write_vectors(os.path.join(d, "responses.json"), resp)
        qfile = write_vectors(os.path.join(d, "requests.json"), req)
        tfile = os.path.join(spec(old).dir, "client-types.json")
        if not os.path.exists(tfile):
            write_vectors(tfile, client_types[old])
        for lang in langs:
            cmd, log = spec(old).client(lang, tfile)
            if cmd is None:
                print(f"{lang}: harness did not build:\n" + "\n".join("    " + l for l in log.strip().splitlines()[-30:]))
                cells[lang] = (len(resp), None, 0)
                all_ok = False
                continue
            results, err = driver.run_harness(cmd, rfile)
            if err:
                print(f"{lang}: harness {err}")
            bad = exc = 0
            for v in resp:
                problem = driver.check(v, results.get(v["id"]))
                if problem and driver.excused(lang, v.get("tags", [])):
                    exc += 1
                elif problem:
                    bad += 1
                    print(f"FAIL {lang} {v['id']} (new payload, old models): {problem}"[:400])
            cells[lang] = (len(resp), bad, exc)
            all_ok = all_ok and not bad
        if scmd is None:
            print("rust-server: harness did not build:\n" + "\n".join("    " + l for l in slog.strip().splitlines()[-30:]))
            cells["rust-server"] = (len(req), None, 0)
            all_ok = False
        else:
            results, err = driver.run_harness(scmd, qfile)
            if err:
                print(f"rust-server: harness {err}")
            bad = 0
            for v in req:
                r = results.get(v["id"]) or {}
                if r.get("result") != "accepted":
                    bad += 1
                    print(f"FAIL rust-server {v['id']} (old request, new server): {r.get('error', r.get('result', 'no result'))}"[:400])
            cells["rust-server"] = (len(req), bad, 0)
            all_ok = all_ok and not bad
        rows.append((name, cells, f"{secs + time.monotonic() - t0:.0f}s"))
        print(table(rows[-1:], langs).splitlines()[-1], flush=True)
    return rows, all_ok


def table(rows, langs):
    cols = langs + ["rust-server"]
    lines = ["| pair | " + " | ".join(cols) + " | time |", "|---|" + "---:|" * len(cols) + "---:|"]
    for name, cells, extra in rows:
        if cells is None:
            lines.append(f"| {name} | " + " | ".join("not run" for _ in cols) + f" | {extra[:80]} |")
            continue
        out = []
        for c in cols:
            n, bad, exc = cells.get(c, (0, None, 0))
            if bad is None:
                out.append("build failed")
                continue
            out.append(f"{n - bad - exc}/{n}" + (f" +{exc} exc" if exc else "") + (f", {bad} failed" if bad else ""))
        lines.append(f"| {name} | " + " | ".join(out) + f" | {extra} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--history", action="append", choices=["lifecycle", "boxlite"], default=[])
    ap.add_argument("--pair", nargs=2, action="append", default=[], metavar=("OLD", "NEW"))
    ap.add_argument("--migration", action="append", default=[], help="applies to the --pair before it")
    ap.add_argument("--lang", action="append", default=[])
    ap.add_argument("--work")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    langs = a.lang or CLIENT_LANGS
    if any(l not in CLIENT_LANGS for l in langs):
        print(f"known languages: {', '.join(CLIENT_LANGS)} (csharp is parse-only)")
        return 2
    # --migration after a --pair belongs to it: re-read argv in order.
    pairs = []
    argv = sys.argv[1:]
    i = 0
    while i < len(argv):
        if argv[i] == "--pair":
            pairs.append((os.path.abspath(argv[i + 1]), os.path.abspath(argv[i + 2]), []))
            i += 3
            continue
        if argv[i] == "--migration" and pairs:
            pairs[-1][2].append(os.path.abspath(argv[i + 1]))
            i += 2
            continue
        i += 1
    if not pairs:
        pairs = histories(a.history or ["lifecycle", "boxlite"])
    missing = [p for o, n, _ in pairs for p in (o, n) if not os.path.exists(p)]
    if missing or not pairs:
        print(f"cross-version conformance: skipped ({', '.join(missing[:2]) or 'no pairs'} absent)")
        return 0
    os.makedirs(os.path.join(driver.WORK, "tmp"), exist_ok=True)
    work = a.work or tempfile.mkdtemp(prefix="crossver.", dir=os.path.join(driver.WORK, "tmp"))
    t0 = time.monotonic()
    try:
        rows, ok = run(pairs, langs, work)
        print("\nNew response payloads decoded and re-encoded unchanged by the old SDK models (per language),\n"
              "old request payloads accepted by the new rust-server: passed/checked, +excused (driver.py's\n"
              "exceptions), failed.\n")
        print(table(rows, langs))
        print(f"\ncross-version conformance: {'ok' if ok else 'FAILED'} ({len(pairs)} pairs, {time.monotonic() - t0:.0f}s)")
        return 0 if ok else 1
    finally:
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
