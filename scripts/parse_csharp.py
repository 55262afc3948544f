#!/usr/bin/env python3
"""Parse-check C# sources with tree-sitter-c-sharp (there is no .NET SDK here).

Usage: parse_csharp.py PATH...   (files or directories; directories are searched
for *.cs, skipping bin/ and obj/)

Prints `file:line:col: error: ...` for every ERROR or MISSING node and exits 1
if any file has one; exits 2 if no .cs file was found. This proves the code is
syntactically valid C#, not that it type-checks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import tree_sitter
import tree_sitter_c_sharp

SKIP_DIRS = {"bin", "obj", ".git"}


def cs_files(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
                for name in sorted(filenames):
                    if name.endswith(".cs"):
                        yield os.path.join(dirpath, name)
        else:
            yield path


def problems(root: tree_sitter.Node, source: bytes) -> Iterator[str]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            line, col = node.start_point
            yield f"{line + 1}:{col + 1}: error: missing {node.type!r}"
            continue
        if node.is_error:
            line, col = node.start_point
            text = source[node.start_byte : node.end_byte].decode("utf-8", "replace")
            text = " ".join(text.split())
            if len(text) > 60:
                text = text[:57] + "..."
            yield f"{line + 1}:{col + 1}: error: syntax error near {text!r}"
            # Report errors nested inside this one too (MISSING nodes mostly).
        if node.has_error:
            stack.extend(reversed(node.children))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c_sharp.language()))
    count = 0
    bad = 0
    for path in cs_files(argv):
        count += 1
        with open(path, "rb") as f:
            source = f.read()
        tree = parser.parse(source)
        if not tree.root_node.has_error:
            continue
        bad += 1
        found = False
        for msg in problems(tree.root_node, source):
            found = True
            print(f"{path}:{msg}")
        if not found:
            print(f"{path}:1:1: error: tree-sitter reported an error it could not locate")
    if count == 0:
        print("no .cs files found in " + " ".join(argv), file=sys.stderr)
        return 2
    print(f"parsed {count} C# file(s), {bad} with syntax errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
