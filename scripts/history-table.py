#!/usr/bin/env python3
"""The verdict of `specsmith diff` on every consecutive pair of the two real
spec histories in ../shared/corpus (docs/compat.md, "Real histories").

usage:
  scripts/history-table.py            print the table
  scripts/history-table.py --write    put it between the markers in docs/compat.md
  scripts/history-table.py --check    exit 1 when docs/compat.md's table is not
                                      what this run gives (the time column aside)

The pairs and the rename manifests they need are crossver.py's (the same
histories the cross-version conformance run checks). Each pair is diffed by
the release binary (SPECSMITH overrides it) under every profile, with the
default options and no project configuration. Skipped (exit 0) when the
corpus is absent; exit 2 when a diff could not run.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "conformance"))
import crossver  # noqa: E402  (the histories and their manifests: one copy)

SPECSMITH = os.environ.get("SPECSMITH", os.path.join(REPO, "target", "release", "specsmith"))
DOC = os.path.join(REPO, "docs", "compat.md")
BEGIN, END = "<!-- history-table:begin -->", "<!-- history-table:end -->"
PROFILES = ["wire", "codegen", "strict"]


def run_diff(old, new, manifests, profile, config):
    cmd = [SPECSMITH, "diff", "--config", config, "--profile", profile, "--format", "json", old, new]
    for m in manifests:
        cmd += ["--migration", m]
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ms = (time.monotonic() - t0) * 1000
    findings = json.loads(p.stdout)["findings"] if p.returncode in (0, 1) else []
    return p.returncode, findings, ms, p.stderr.strip()


def rules(per_profile, level):
    """`rule ×N` for each rule at `level` under some profile (N under the
    first profile that has it), with the profiles named when not all do."""
    seen = {}
    for prof in PROFILES:
        for f in per_profile[prof]:
            if f["level"] == level:
                seen.setdefault(f["rule"], {}).setdefault(prof, 0)
                seen[f["rule"]][prof] += 1
    out = []
    for rule in sorted(seen):
        counts = seen[rule]
        n = counts[next(p for p in PROFILES if p in counts)]
        cell = f"`{rule}`" + (f" ×{n}" if n > 1 else "")
        if len(counts) < len(PROFILES):
            cell += " (" + ", ".join(p for p in PROFILES if p in counts) + ")"
        out.append(cell)
    return ", ".join(out) or "–"


def build():
    pairs = crossver.histories(["lifecycle", "boxlite"])
    missing = [p for o, n, _ in pairs for p in (o, n) if not os.path.exists(p)]
    if missing or not pairs:
        return None, f"history table: skipped ({(missing or [crossver.CORPUS])[0]} is absent)"
    lines = [
        "| pair | manifest | wire | codegen | strict | errors | warnings | ms (wire/codegen/strict) |",
        "|---|---|---:|---:|---:|---|---|---:|",
    ]
    exits = {p: {} for p in PROFILES}
    unwitnessed = []
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "specsmith.toml")  # no project configuration, no migrations
        open(config, "w").close()
        for old, new, manifests in pairs:
            name = crossver.pair_name(old, new)
            per, codes, times = {}, [], []
            for prof in PROFILES:
                code, findings, ms, err = run_diff(old, new, manifests, prof, config)
                if code not in (0, 1):
                    print(f"{name} ({prof}): diff exit {code}: {err[-400:]}", file=sys.stderr)
                per[prof], times = findings, times + [ms]
                codes.append(code)
                exits[prof][code] = exits[prof].get(code, 0) + 1
            unwitnessed += [f"{name} `{f['rule']}`" for f in per["strict"] if f["level"] == "error" and not f.get("witness")]
            manifest = ", ".join(f"`{os.path.basename(m)}`" for m in manifests) or "–"
            lines.append(
                f"| {name} | {manifest} | " + " | ".join(map(str, codes))
                + f" | {rules(per, 'error')} | {rules(per, 'warning')} | "
                + "/".join(f"{t:.0f}" for t in times) + " |"
            )
    summary = [f"{len(pairs)} pairs. Exit codes:"] + [
        f"{p} " + ", ".join(f"{exits[p][c]} × {c}" for c in sorted(exits[p])) + ";" for p in PROFILES
    ]
    summary[-1] = summary[-1].rstrip(";") + "."
    summary.append(
        "Every error carries a witness." if not unwitnessed
        else "Errors without a witness (under strict): " + ", ".join(unwitnessed) + "."
    )
    ran = all(c in (0, 1) for p in PROFILES for c in exits[p])
    return "\n".join(lines) + "\n\n" + " ".join(summary), None if ran else "a diff could not run"


def without_time(text):
    """The table with its last (time) column blanked."""
    out = []
    for line in text.splitlines():
        if line.startswith("| "):
            line = line.rstrip(" |").rsplit(" | ", 1)[0] + " |"
        out.append(line)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the table in docs/compat.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when docs/compat.md's table is stale")
    a = ap.parse_args()
    if not os.path.exists(SPECSMITH):
        print(f"history table: {SPECSMITH} is missing (cargo build --release)", file=sys.stderr)
        return 2
    table, problem = build()
    if table is None:
        print(problem)
        return 0
    if problem:
        print(table)
        print(f"history table: {problem}", file=sys.stderr)
        return 2
    if not (a.check or a.write):
        print(table)
        return 0
    doc = open(DOC, encoding="utf-8").read()
    if BEGIN not in doc or END not in doc:
        print(f"history table: {DOC} has no {BEGIN} … {END} markers", file=sys.stderr)
        return 2
    head, rest = doc.split(BEGIN, 1)
    current, tail = rest.split(END, 1)
    if a.check:
        if without_time(current.strip()) == without_time(table):
            print("history table: docs/compat.md is current")
            return 0
        print("history table: docs/compat.md is stale (scripts/history-table.py --write); this run gives:\n")
        print(table)
        return 1
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + table + "\n" + END + tail)
    print(f"history table: written to {os.path.relpath(DOC, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
