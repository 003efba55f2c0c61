#!/usr/bin/env python3
"""Fails when a top-level module of the app (src/) uses a module that uses it back, directly or through
others: data flows app -> routing -> pages -> widgets/components, with state and api below them all."""
import collections
import os
import re
import sys

root = os.path.join(os.path.dirname(__file__), "..", "src")
graph = collections.defaultdict(set)
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".rs"):
            continue
        path = os.path.relpath(os.path.join(folder, name), root)
        module = path.split(os.sep)[0].removesuffix(".rs")
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for used in re.findall(r"crate::(\w+)", f.read()):
                if used != module:
                    graph[module].add(used)

state, path, cycles = {}, [], []


def visit(m):
    state[m] = "open"
    path.append(m)
    for n in sorted(graph.get(m, ())):
        if state.get(n) == "open":
            cycles.append(path[path.index(n):] + [n])
        elif n not in state:
            visit(n)
    path.pop()
    state[m] = "done"


for m in sorted(graph):
    if m not in state:
        visit(m)
if cycles:
    for c in cycles:
        print("module cycle: " + " -> ".join(c), file=sys.stderr)
    sys.exit(1)
print(f"no module cycles among {len(graph)} modules")
