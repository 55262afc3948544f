#!/usr/bin/env python3
"""Prints a Markdown table from a results file of tab-separated lines
`ROW<TAB>COLUMN<TAB>STATUS<TAB>SECONDS` (a later line for the same row and
column wins): one row per ROW, one column per COLUMN (in the order given
after the file, else in order of appearance), each cell the status with its
time, and a last row counting the `ok` cells per column.

    scripts/results-table.py RESULTS [COLUMN...]

scripts/verify-generated.sh writes such lines when VERIFY_RESULTS names a
file (`make verify` prints its compile table this way), and so does
scripts/corpus-compile.sh."""
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cells: dict[str, dict[str, tuple[str, str]]] = {}
    seen: list[str] = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            row, column, status, secs = parts
            cells.setdefault(row, {})[column] = (status, secs)
            if column not in seen:
                seen.append(column)
    columns = sys.argv[2:] or seen
    print("| spec | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for row in sorted(cells):
        shown = []
        for c in columns:
            status, secs = cells[row].get(c, ("not run", ""))
            shown.append(f"{status} ({secs} s)" if secs else status)
        print(f"| {row} | " + " | ".join(shown) + " |")
    passed = [sum(cells[r].get(c, ("",))[0] == "ok" for r in cells) for c in columns]
    print("| **ok** | " + " | ".join(f"{p} of {len(cells)}" for p in passed) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
