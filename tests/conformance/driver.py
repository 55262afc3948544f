#!/usr/bin/env python3
"""Runs every language harness over one vectors.json and compares the results.

usage: driver.py VECTORS_JSON LANG=COMMAND [LANG=COMMAND ...]
Prints one line per (language, failing vector), a per-language table, and a
closing line 'conformance: N passed, N failed'. Exit 1 on any failure.
"""
import datetime
import json
import subprocess
import sys

# (language, vector id suffix or '*', reason): differences a language cannot
# avoid. Kept in one place; the README's table is this list.
EXCEPTIONS = [
    ("typescript", "-above-2-53", "JavaScript numbers are IEEE doubles: JSON.parse cannot keep integers beyond 2^53"),
    ("typescript", "-int64-max", "JavaScript numbers are IEEE doubles: JSON.parse cannot keep integers beyond 2^53"),
    ("typescript", "-int64-min", "JavaScript numbers are IEEE doubles: JSON.parse cannot keep integers beyond 2^53"),
]


def excepted(lang, vid):
    for l, suffix, reason in EXCEPTIONS:
        if l == lang and (suffix == "*" or vid.endswith(suffix)):
            return reason
    return None


def as_instant(s):
    if not isinstance(s, str) or len(s) < 20 or s[4] != "-" or "T" not in s:
        return None
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
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
    if a == b:
        return None
    ia, ib = as_instant(a), as_instant(b)
    if ia is not None and ib is not None and ia == ib:
        return None
    return f"{path}: {json.dumps(a)[:60]} became {json.dumps(b)[:60]}"


def run(lang, command, vectors_path):
    proc = subprocess.run(command + " " + vectors_path, shell=True, capture_output=True, text=True)
    results = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        results[r.get("id")] = r
    if proc.returncode != 0 and not results:
        print(f"{lang}: harness failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return results


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    vectors_path = sys.argv[1]
    vectors = json.load(open(vectors_path))["vectors"]
    langs = [a.split("=", 1) for a in sys.argv[2:]]
    passed = failed = excused = 0
    table = {}
    outcomes = {}
    for lang, command in langs:
        results = run(lang, command, vectors_path)
        ok = bad = 0
        for v in vectors:
            r = results.get(v["id"])
            problem = None
            if r is None:
                problem = "no result"
            elif v["accept"]:
                if r.get("result") != "accepted":
                    problem = f"rejected a valid payload: {r.get('error', r.get('result'))}"
                else:
                    problem = same(v["value"], r.get("output"))
            elif r.get("result") != "rejected":
                problem = "accepted an invalid payload"
            outcomes.setdefault(v["id"], {})[lang] = problem is None
            if problem and excepted(lang, v["id"]):
                excused += 1
                ok += 1
                continue
            if problem:
                bad += 1
                print(f"FAIL {lang} {v['id']}: {problem}")
            else:
                ok += 1
        table[lang] = (ok, bad)
        passed += ok
        failed += bad
    disagreements = [vid for vid, per in outcomes.items() if len(set(per.values())) > 1 and not all(excepted(l, vid) or ok for l, ok in per.items())]
    print(f"\n| language | vectors passed | failed |\n|---|---:|---:|")
    for lang, (ok, bad) in table.items():
        print(f"| {lang} | {ok} | {bad} |")
    print(f"{len(vectors)} vectors, {excused} documented exceptions, {len(disagreements)} vectors where languages disagree")
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
