#!/usr/bin/env python3
"""Cross-language conformance: generate the SDKs of a spec, write its vectors,
run every language's harness over them and compare (tests/conformance/README.md).

usage:
  driver.py [SPEC ...] [--migration FILE ...] [--lang NAME ...] [--work DIR]
  driver.py --sdk DIR --vectors FILE [--lang NAME ...]   (already generated)
  driver.py --corpus [SPEC ...] [--lang NAME ...]        (real specs, with compile check;
                                                          SPECs instead of the CORPUS list)
  driver.py --exceptions                                 (the exceptions table, Markdown)

Default SPEC: specs/sandbox-lifecycle.yml. For each spec it prints every
failing (language, vector) pair, a table of vectors passed / excused / failed
and the time per language, and a closing line. Exit 1 when any language fails
a vector that EXCEPTIONS does not excuse, or a harness does not build.

--corpus runs the specs in CORPUS from ../shared/corpus (skipped, exit 0, when
that folder is absent): scripts/verify-generated.sh compiles every target
first, then the harnesses run; it prints spec x language -> compiled, vectors.
"""
import argparse
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
VERIFY = os.path.join(REPO, "verify")
WORK = os.path.join(VERIFY, ".work")
VENV_PY = os.path.join(WORK, "venv", "bin", "python")
M2 = os.environ.get("VERIFY_M2_REPO", os.path.join(WORK, "m2"))
CARGO_TARGET = os.path.join(WORK, "cargo-target")
SPECSMITH = os.environ.get("SPECSMITH", os.path.join(REPO, "target", "release", "specsmith"))
CORPUS_DIR = os.path.join(REPO, "..", "shared", "corpus")

LANGS = ["python", "typescript", "go", "kotlin", "rust", "csharp"]

# (language, vector tag, reason): what a language legitimately cannot do. The
# one list of exceptions; README.md's table is `driver.py --exceptions`. A
# vector carries tags (see src/vectors.rs); a failure is excused only when the
# failing language and one of the vector's tags are listed here.
EXCEPTIONS = [
    ("typescript", "int64-beyond-double",
     "JavaScript numbers are IEEE doubles: JSON.parse rounds integers beyond 2^53 (each int64 property says so)."),
    ("typescript", "only-unknown-properties",
     "tsc's weak-type check: a value sharing no property with an all-optional type does not type-check (TS2559), although at run time it is kept as is."),
    ("typescript", "unknown-variant",
     "A union is closed at the type level: a tag this version does not know type-checks as none of the members (the docs say: check the tag)."),
    ("typescript", "const-literal",
     "A const is typed as its literal so code can narrow on it (`s.object === \"card\"`): tsc refuses another value at the type level, while at run time JSON.parse keeps it as sent."),
    ("typescript", "rename",
     "No runtime decoder: a payload with an old property name or enum value stays as sent (shims are deprecated type members only)."),
    ("python", "uuid-spelling",
     "pydantic's UUID is a uuid.UUID, written back in the canonical lower-case form: an upper-case UUID comes back in lower case (the same UUID, spelled differently)."),
    ("kotlin", "rename-open-enum",
     "A Kotlin open enum keeps an old value as an unknown value (`fidelity-enum-alias`): it decodes and encodes back unchanged, not renamed."),
    ("csharp", "*",
     "No .NET SDK on the build machines: the C# models are parsed (tree-sitter), never run. Not run by the driver."),
]

# Corpus specs for --corpus, relative to ../shared/corpus. The newest
# opensandbox-lifecycle version is found at run time.
CORPUS = [
    "large/oai-petstore-expanded-3.0.yaml",
    "large/pagerduty-slack-integration-3.0.json",
    "large/redocly-museum-3.1.yaml",
    "large/train-travel-3.1.yaml",
    "large/twilio-twilio_events_v1.yaml",
    "large/pagerduty-scim-3.0.json",
    "opensandbox-lifecycle/NEWEST",
    "boxlite/openapi.yaml",
    "large/oxide-nexus-3.0.json",
    "large/openai-openapi-3.1.yaml",
    "large/stripe-spec3.json",
]


def excused(lang, tags):
    for l, tag, reason in EXCEPTIONS:
        if l == lang and (tag == "*" or tag in tags):
            return reason
    return None


def exceptions_table():
    lines = ["| language | vector tag | why |", "|---|---|---|"]
    for lang, tag, reason in EXCEPTIONS:
        lines.append(f"| {lang} | `{tag}` | {reason} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ comparing

def as_instant(s):
    if not isinstance(s, str) or len(s) < 20 or s[4:5] != "-" or "T" not in s:
        return None
    t = s.replace("Z", "+00:00").replace("z", "+00:00")
    # Python before 3.11 reads only 3 or 6 fraction digits: pad or cut to 6.
    t = re.sub(r"\.(\d+)", lambda m: "." + (m.group(1) + "000000")[:6], t)
    try:
        return datetime.datetime.fromisoformat(t)
    except ValueError:
        return None


def same(a, b, path="$"):
    """Semantic JSON equality; returns None or a description of the first difference."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                return f"{path}.{k}: present in input, absent in output"
        for k in b:
            if k not in a:
                return f"{path}.{k}: absent in input, present in output ({json.dumps(b[k])[:60]})"
        for k in a:
            d = same(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items in, {len(b)} out"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a is b else f"{path}: {json.dumps(a)} became {json.dumps(b)}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if a == b else f"{path}: {a} became {b}"
    if a is None or b is None:
        return None if a is b else f"{path}: {json.dumps(a)[:60]} became {json.dumps(b)[:60]}"
    if a == b:
        return None
    ia, ib = as_instant(a), as_instant(b)
    if ia is not None and ib is not None and ia == ib:
        return None
    return f"{path}: {json.dumps(a)[:60]} became {json.dumps(b)[:60]}"


def check(vector, r):
    """None when the result is what the vector asks for, else why not."""
    if r is None:
        return "no result"
    if r.get("result") == "unsupported":
        return f"unsupported: {r.get('error', '')}"
    if vector["accept"]:
        if r.get("result") != "accepted":
            return f"rejected a valid payload: {r.get('error', r.get('result'))}"
        if r.get("error"):
            return r["error"]
        return same(vector.get("expect", vector["value"]), r.get("output"))
    if r.get("result") != "rejected":
        return "accepted an invalid payload"
    return None


# ------------------------------------------------------------------ harnesses

def sh(cmd, cwd=None, env=None, log=None):
    """Runs cmd (a list); returns (ok, output)."""
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(cmd, cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode == 0, p.stdout


def kotlin_classpath(classes):
    jars = []
    for pattern in [
        "org/jetbrains/kotlin/kotlin-stdlib/*/kotlin-stdlib-*.jar",
        "org/jetbrains/kotlinx/kotlinx-serialization-core-jvm/*/kotlinx-serialization-core-jvm-*.jar",
        "org/jetbrains/kotlinx/kotlinx-serialization-json-jvm/*/kotlinx-serialization-json-jvm-*.jar",
    ]:
        found = sorted(glob.glob(os.path.join(M2, pattern)))
        found = [j for j in found if not j.endswith(("-sources.jar", "-javadoc.jar"))]
        if not found:
            return None
        jars.append(found[-1])
    return os.pathsep.join([classes] + jars)


def build(lang, sdk, vectors, work):
    """Prepares and builds one harness. Returns (command list or None, log)."""
    root = os.path.join(sdk, lang)
    if not os.path.isdir(root):
        return None, f"no {lang}/ in the generated tree"
    bdir = os.path.join(work, f"harness-{lang}")
    if lang == "python":
        if not os.path.exists(VENV_PY):
            return None, "run scripts/install-toolchains.sh (no verify/.work/venv)"
        return ["env", f"PYTHONPATH={root}", VENV_PY, os.path.join(HERE, "python", "harness.py")], ""
    if lang == "typescript":
        return ["node", os.path.join(HERE, "typescript", "harness.mjs"), root], ""
    if lang == "go":
        ok, out = sh([sys.executable, os.path.join(HERE, "go", "prepare.py"), root, vectors, bdir])
        if not ok:
            return None, out
        ok, out2 = sh(["go", "build", "-o", "harness", "."], cwd=bdir,
                      env={"GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", "GOWORK": "off"})
        return ([os.path.join(bdir, "harness")] if ok else None), out + out2
    if lang == "rust":
        ok, out = sh([sys.executable, os.path.join(HERE, "rust", "prepare.py"), root, vectors, bdir])
        if not ok:
            return None, out
        # Debug profile and verify's target dir: the models crate that
        # scripts/verify-generated.sh built is reused.
        ok, out2 = sh(["cargo", "build", "--quiet", "--manifest-path", os.path.join(bdir, "Cargo.toml")],
                      env={"CARGO_TARGET_DIR": CARGO_TARGET, "CARGO_TERM_COLOR": "never"})
        return ([os.path.join(CARGO_TARGET, "debug", "harness")] if ok else None), out + out2
    if lang == "kotlin":
        ok, out = sh([sys.executable, os.path.join(HERE, "kotlin", "prepare.py"), root, vectors, bdir])
        if not ok:
            return None, out
        ok, out2 = sh(["mvn", "-o", "-q", "-B", "-Dstyle.color=never", "-f", os.path.join(VERIFY, "kotlin", "pom.xml"),
                       f"-Dmaven.repo.local={M2}", f"-Dsrc.dir={os.path.join(bdir, 'src')}",
                       f"-Dverify.build.dir={os.path.join(bdir, 'mvn')}", "compile"],
                      env={"MAVEN_OPTS": os.environ.get("MAVEN_OPTS", "") + " -XX:TieredStopAtLevel=1"})
        cp = kotlin_classpath(os.path.join(bdir, "mvn", "classes"))
        if not ok or cp is None:
            return None, out + out2 + ("" if cp else "\nkotlin jars not found in the Maven repo: run scripts/install-toolchains.sh")
        return ["java", "-XX:TieredStopAtLevel=1", "-Xss16m", "-cp", cp, "specsmith.conformance.HarnessKt"], out + out2
    return None, f"no harness for {lang}"


def run_harness(cmd, vectors):
    p = subprocess.run(cmd + [vectors], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = {}
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        results[r.get("id")] = r
    err = "" if p.returncode == 0 else f"exit {p.returncode}: {p.stderr[-1500:]}"
    return results, err


def run_langs(sdk, vectors_path, langs, work, quiet=False):
    """Builds and runs each harness; returns ({lang: summary}, ok)."""
    vectors = json.load(open(vectors_path, encoding="utf-8"))["vectors"]
    summary = {}
    outcomes = {}
    all_ok = True
    for lang in langs:
        if lang == "csharp":
            summary[lang] = {"status": "parse-only", "passed": 0, "excused": 0, "failed": 0, "build": 0.0, "run": 0.0}
            continue
        t0 = time.monotonic()
        cmd, log = build(lang, sdk, vectors_path, work)
        t1 = time.monotonic()
        if cmd is None:
            print(f"{lang}: harness did not build:\n" + "\n".join("    " + l for l in log.strip().splitlines()[-40:]))
            summary[lang] = {"status": "build failed", "passed": 0, "excused": 0, "failed": len(vectors),
                             "build": t1 - t0, "run": 0.0}
            all_ok = False
            continue
        results, err = run_harness(cmd, vectors_path)
        t2 = time.monotonic()
        if err:
            print(f"{lang}: harness {err}")
        ok = bad = exc = 0
        shown = 0
        for v in vectors:
            problem = check(v, results.get(v["id"]))
            outcomes.setdefault(v["id"], {})[lang] = problem is None
            if problem is None:
                ok += 1
            elif excused(lang, v.get("tags", [])):
                exc += 1
                tag = next((t for l, t, _ in EXCEPTIONS if l == lang and (t == "*" or t in v.get("tags", []))), "?")
                EXCUSED_BY.setdefault((lang, tag), 0)
                EXCUSED_BY[(lang, tag)] += 1
            else:
                bad += 1
                shown += 1
                if not quiet or shown <= 20:
                    print(f"FAIL {lang} {v['id']}: {problem}"[:400])
        if quiet and shown > 20:
            print(f"FAIL {lang}: … and {shown - 20} more")
        if bad:
            all_ok = False
        summary[lang] = {"status": "ran", "passed": ok, "excused": exc, "failed": bad, "build": t1 - t0, "run": t2 - t1}
    disagree = 0
    for vid, per in outcomes.items():
        if len(set(per.values())) > 1:
            v = next(x for x in vectors if x["id"] == vid)
            if any(not good and not excused(l, v.get("tags", [])) for l, good in per.items()):
                disagree += 1
    return summary, all_ok, len(vectors), disagree


# (language, tag) -> vectors excused, over the whole run.
EXCUSED_BY = {}


def print_table(summary, nvectors, disagree):
    print("\n| language | passed | excused | failed | build s | run s |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang, s in summary.items():
        if s["status"] == "parse-only":
            print(f"| {lang} | – | – | – | – | – |  (parse-only: see exceptions)")
            continue
        print(f"| {lang} | {s['passed']} | {s['excused']} | {s['failed']} | {s['build']:.1f} | {s['run']:.1f} |")
    print(f"{nvectors} vectors; {disagree} where languages disagree outside the exceptions")


# ------------------------------------------------------------------ generation

def supports_generate_migration():
    ok, out = sh([SPECSMITH, "generate", "--help"])
    return ok and "--migration" in out


def generate(spec, migrations, out, config=None, target=None):
    cmd = [SPECSMITH, "generate", spec, "--out", out]
    if target:
        cmd += ["--target", target]
    if config:
        cmd += ["--config", config]
    for m in migrations:
        cmd += ["--migration", m]
    ok, log = sh(cmd)
    return ok, log


def generate_lenient(spec, out, work):
    """Generates a real spec. Real specs carry data errors of their own
    (examples that do not match their schema, a required property nobody
    defines); those lint rules are demoted to warnings in a config of the
    run's own, which is said, so the models still get generated. Errors the
    generators raise are not demoted."""
    # A config of the run's own, so the project's specsmith.toml (package
    # names, module path) does not apply to other specs.
    config = os.path.join(work, "specsmith.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("")
    ok, log = generate(spec, [], out, config)
    if ok:
        return ok, log, []
    rules = sorted(set(re.findall(r"error\[([a-z0-9-]+)\]", log)) - GENERATOR_ERRORS)
    if not rules:
        return ok, log, []
    with open(config, "w", encoding="utf-8") as f:
        f.write("[lint.rules]\n" + "".join(f'"{r}" = "warning"\n' for r in rules))
    ok, log = generate(spec, [], out, config)
    return ok, log, rules


ALL_TARGETS = ["python", "typescript", "go", "kotlin", "csharp", "rust", "rust-server"]


def generate_per_target(spec, out, work, config_rules):
    """When generating everything at once fails, each target on its own, so
    one target's generator error does not hide the others. Returns
    {target: error log} for the targets that did not generate."""
    config = os.path.join(work, "specsmith.toml")
    failed = {}
    for t in ALL_TARGETS:
        ok, log = generate(spec, [], out, config, target=t)
        if not ok:
            failed[t] = "\n".join(l for l in log.splitlines() if "error[" in l)
    return failed


# Errors raised by the generators themselves: never demoted.
GENERATOR_ERRORS = {"identifier-collision", "unknown-target", "output-path", "template-error"}


def vectors_for(spec, migrations, out):
    cmd = [SPECSMITH, "vectors", spec, "--out", out]
    for m in migrations:
        cmd += ["--migration", m]
    ok, log = sh(cmd)
    return (os.path.join(out, "vectors.json") if ok else None), log


def one_spec(spec, migrations, langs, work):
    print(f"== {os.path.relpath(spec, REPO)}" + (f" (migrations: {', '.join(os.path.relpath(m, REPO) for m in migrations)})" if migrations else ""))
    sdk = os.path.join(work, "sdk")
    if migrations and not supports_generate_migration():
        print("note: this `specsmith generate` has no --migration option, so it cannot write rename "
              "shims: the rename vectors are left out here; `cargo test --test conformance_renames "
              "-- --ignored` checks them with shims derived from the manifest")
        migrations = []
    if migrations or os.path.abspath(spec).startswith(REPO + os.sep):
        ok, log = generate(spec, migrations, sdk)
    else:
        # A spec from elsewhere (the corpus): generated as --corpus does.
        ok, log, demoted = generate_lenient(spec, sdk, work)
        if demoted:
            print(f"the spec's own errors, demoted to warnings for this run: {', '.join(demoted)}")
    if not ok:
        print("generate failed:\n" + log)
        return False
    vec, log = vectors_for(spec, migrations, os.path.join(work, "vectors"))
    if not vec:
        print("vectors failed:\n" + log)
        return False
    print(log.strip())
    t0 = time.monotonic()
    summary, ok, n, disagree = run_langs(sdk, vec, langs, work)
    print_table(summary, n, disagree)
    print(f"conformance {os.path.basename(spec)}: {'ok' if ok else 'FAILED'} in {time.monotonic() - t0:.1f}s")
    return ok


# ------------------------------------------------------------------ corpus

def corpus_specs():
    specs = []
    for rel in CORPUS:
        if rel.endswith("/NEWEST"):
            folder = os.path.join(CORPUS_DIR, rel[: -len("/NEWEST")])
            # Versions are numbered files (NNN-<commit>.yml); the highest is the newest.
            found = sorted(p for p in glob.glob(os.path.join(folder, "*"))
                           if re.match(r"\d+-.*\.(ya?ml|json)$", os.path.basename(p)))
            if found:
                specs.append(found[-1])
        else:
            specs.append(os.path.join(CORPUS_DIR, rel))
    return specs


def corpus(langs, work, only=None):
    if not os.path.isdir(CORPUS_DIR):
        print(f"conformance corpus: skipped ({os.path.relpath(CORPUS_DIR, REPO)} is absent)")
        return True
    rows = []
    all_ok = True
    for spec in (only or corpus_specs()):
        rel = os.path.relpath(spec, CORPUS_DIR)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", rel).strip("-")
        w = os.path.join(work, slug)
        os.makedirs(w, exist_ok=True)
        print(f"\n== {rel}", flush=True)
        t0 = time.monotonic()
        sdk = os.path.join(w, "sdk")
        ok, log, demoted = generate_lenient(spec, sdk, w)
        if demoted:
            print(f"the spec's own errors, demoted to warnings for this run: {', '.join(demoted)}")
        not_generated = {}
        if not ok:
            not_generated = generate_per_target(spec, sdk, w, demoted)
            all_ok = False
            for t, errs in not_generated.items():
                lines = errs.splitlines()
                print(f"generate {t} failed ({len(lines)} errors):\n" + "\n".join("    " + l[:300] for l in lines[:5]))
            if len(not_generated) == len(ALL_TARGETS):
                rows.append((rel, {l: ("generate failed", None) for l in langs + ["rust-server"]}, time.monotonic() - t0))
                continue
        # Compile every target (kotlin is compiled with its harness, by the same pom).
        # The Rust harness builds the models crate as its dependency, so verify
        # only type-checks it (clippy): a second full build of a crate of 4 MB
        # (openai) costs minutes. The harness build is the rust compile check.
        targets = [t for t in ["python", "typescript", "go", "csharp", "rust", "rust-server"]]
        rust_by_harness = "rust" in langs
        ok, vlog = sh(["bash", os.path.join(REPO, "scripts", "verify-generated.sh"), sdk] + targets,
                      env={"VERIFY_CARGO_NO_BUILD": "rust"} if rust_by_harness else None)
        compiled = {}
        for line in vlog.splitlines():
            m = re.match(r"verify (\S+): (ok|FAILED|skipped)", line)
            if m:
                compiled[m.group(1)] = m.group(2)
        timing = [l for l in vlog.splitlines() if l.startswith("verify timings")]
        print("\n".join(timing))
        if not ok:
            print("\n".join(l for l in vlog.splitlines()[-60:]))
        vec, log = vectors_for(spec, [], os.path.join(w, "vectors"))
        if not vec:
            print("vectors failed:\n" + log)
            all_ok = False
            continue
        print(log.strip(), flush=True)
        summary, ok2, n, disagree = run_langs(sdk, vec, langs, w, quiet=True)
        print_table(summary, n, disagree)
        if "kotlin" in summary and "kotlin" not in not_generated:
            compiled["kotlin"] = "ok" if summary["kotlin"]["status"] == "ran" else "FAILED"
        if rust_by_harness and compiled.get("rust") == "ok" and "rust" in summary \
                and summary["rust"]["status"] != "ran":
            compiled["rust"] = "FAILED"
        for t in not_generated:
            compiled[t] = "generate failed"
        cells = {}
        for l in langs:
            c = compiled.get(l, "?")
            s = summary.get(l)
            cells[l] = (c, s)
            if c == "FAILED":
                all_ok = False
        if "rust-server" in compiled:
            cells["rust-server"] = (compiled["rust-server"], None)
            if compiled["rust-server"] == "FAILED":
                all_ok = False
        all_ok = all_ok and ok2
        rows.append((rel, cells, time.monotonic() - t0))
        shutil.rmtree(sdk, ignore_errors=True)
    cols = langs + ["rust-server"]
    print("\n| spec | " + " | ".join(cols) + " | time |")
    print("|---|" + "---|" * len(cols) + "---:|")
    for rel, cells, secs in rows:
        out = []
        for l in cols:
            c, s = cells.get(l, ("?", None))
            if s is None or s["status"] == "parse-only":
                out.append("compiled" if c == "ok" else ("parsed" if l == "csharp" and c == "ok" else c))
            elif s["status"] != "ran":
                out.append(f"{'compiled' if c == 'ok' else c}; harness {s['status']}")
            else:
                out.append(f"{'compiled' if c == 'ok' else 'compile ' + c}; {s['passed']}+{s['excused']}exc/{s['failed']} fail")
        print(f"| {rel} | " + " | ".join(out) + f" | {secs:.0f}s |")
    print(f"conformance corpus: {'ok' if all_ok else 'FAILED'}")
    return all_ok


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("specs", nargs="*")
    ap.add_argument("--migration", action="append", default=[])
    ap.add_argument("--lang", action="append", default=[])
    ap.add_argument("--work")
    ap.add_argument("--sdk")
    ap.add_argument("--vectors")
    ap.add_argument("--corpus", action="store_true")
    ap.add_argument("--exceptions", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args()
    if a.exceptions:
        print(exceptions_table())
        return 0
    langs = a.lang or LANGS
    unknown = [l for l in langs if l not in LANGS]
    if unknown:
        print(f"unknown language(s): {', '.join(unknown)} (known: {', '.join(LANGS)})")
        return 2
    os.makedirs(os.path.join(WORK, "tmp"), exist_ok=True)
    work = a.work or tempfile.mkdtemp(prefix="conformance.", dir=os.path.join(WORK, "tmp"))
    t0 = time.monotonic()
    try:
        if a.sdk or a.vectors:
            if not (a.sdk and a.vectors):
                print("--sdk and --vectors go together")
                return 2
            summary, ok, n, disagree = run_langs(os.path.abspath(a.sdk), os.path.abspath(a.vectors), langs, work)
            print_table(summary, n, disagree)
        elif a.corpus:
            ok = corpus(langs, work, [os.path.abspath(p) for p in a.specs] or None)
        else:
            specs = a.specs or [os.path.join(REPO, "specs", "sandbox-lifecycle.yml")]
            ok = True
            for i, spec in enumerate(specs):
                w = os.path.join(work, str(i))
                os.makedirs(w, exist_ok=True)
                ok = one_spec(os.path.abspath(spec), [os.path.abspath(m) for m in a.migration], langs, w) and ok
        if EXCUSED_BY:
            print("excused: " + ", ".join(f"{l} {t} x{n}" for (l, t), n in sorted(EXCUSED_BY.items())))
        print(f"conformance: {'ok' if ok else 'FAILED'} ({time.monotonic() - t0:.1f}s)")
        return 0 if ok else 1
    finally:
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
