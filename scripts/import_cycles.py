"""List circular imports between modules of Glossator's packages.

    python scripts/import_cycles.py [--runtime] [PACKAGE ...]   (default: annotations desktop)

Builds the import graph with grimp (import-linter's engine; every import
statement counts, including those inside functions and, unless --runtime,
those under `if TYPE_CHECKING:`), finds its strongly connected components,
and prints one shortest cycle per component. Exits 1 if there is any cycle,
0 otherwise. tests/test_architecture.py asserts `annotations` has none.
"""
from __future__ import annotations

import sys
from pathlib import Path


def components(graph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in sorted(modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                part = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    part.append(top)
                    if top == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def shortest_cycle(graph, part: list[str]) -> list[str]:
    """One shortest cycle through the component's first module."""
    start, members = part[0], set(part)
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for nxt in sorted(graph.find_modules_directly_imported_by(node) & members):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return part


def find_cycles(*packages: str, runtime_only: bool = False) -> list[list[str]]:
    """Each cycle as a list of modules, the first repeated at the end."""
    import grimp

    graph = grimp.build_graph(*packages, cache_dir=None, exclude_type_checking_imports=runtime_only)
    modules = set(graph.modules)
    return [shortest_cycle(graph, part) for part in components(graph, modules)]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    runtime_only = "--runtime" in argv
    packages = [a for a in argv if a != "--runtime"] or ["annotations", "desktop"]
    cycles = find_cycles(*packages, runtime_only=runtime_only)
    for cycle in cycles:
        print(" -> ".join(cycle))
    print(f"{len(cycles)} import cycle(s) in {', '.join(packages)}")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
