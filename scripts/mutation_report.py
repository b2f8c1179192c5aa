"""Helper of scripts/mutation.sh: the table of core modules to mutate, the
scratch copy each module is mutated in, and the kill-rate report.

`prepare NAME DIR` copies the worktree's files (tracked and untracked, not
ignored) into DIR and narrows the copy's [tool.mutmut] block to the module and
its tests. `report NAME DIR` reads mutmut's results there and prints the kill
rate and the surviving mutants with their diffs. Mutants listed in
scripts/mutation-equivalents.md count as equivalent (shown, not hidden).
`sample N DIR` draws a fixed-seed random sample of the generated mutants and
writes it to DIR/sample.txt; `report` and `alive` then count only the sample
and give the kill rate a 95 % (Wilson) confidence interval.
Runs with the project's venv Python; never imported by the product.
"""
from __future__ import annotations

import math
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.md"

# name -> (files to mutate, tests that exercise them). mutmut runs, per mutant,
# only the tests of this selection that called the mutated function.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "text": (["annotations/text.py"], ["tests/annotations", "tests/formats"]),
    "tokens": (["annotations/tokens.py"], ["tests/annotations", "tests/formats", "tests/suggesters"]),
    "span_index": (["annotations/span_index.py"], ["tests/annotations"]),
    "attrs": (["annotations/suggesters/attrs.py"], ["tests/suggesters"]),
    "figures": (["annotations/suggesters/figures.py"], ["tests/suggesters"]),
    "store": (["annotations/store.py", "annotations/backends/*"], ["tests/annotations", "tests/robustness", "tests/store"]),
    "services": (["annotations/services/*"], ["tests/annotations", "tests/formats", "tests/robustness", "tests/team",
                                              "tests/suggesters"]),
    "formats": (["annotations/formats/*"], ["tests/formats", "tests/annotations", "tests/robustness"]),
}
CAUGHT = ("killed", "segfault", "timeout")
SAMPLE_FILE = "sample.txt"
SEED = 17  # fixed: the same code gives the same sample, so "before" and "after" compare
DEFAULT = ["text", "tokens", "span_index", "attrs", "figures"]


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def _mutmut_block(files: list[str], tests: list[str]) -> str:
    """This worktree's [tool.mutmut] settings, narrowed to one module and its tests."""
    import tomllib

    config = dict(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"])
    # tests read the sample articles through paths relative to their own file
    # (resources/samples), so the scratch copy mutmut runs in needs them too
    also_copy = list(config.get("also_copy", []))
    config.update(only_mutate=files, pytest_add_cli_args_test_selection=tests,
                  also_copy=also_copy + [p for p in ("resources",) if p not in also_copy])
    lines = ["[tool.mutmut]"]
    for key, value in config.items():
        if isinstance(value, list):
            lines.append(f"{key} = {_toml_list(value)}")
        elif isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        else:
            lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    return "\n".join(lines) + "\n"


def prepare(name: str, workdir: Path, rev: str | None = None) -> None:
    """Copy the worktree (or commit `rev`, e.g. to measure before new tests) into workdir."""
    files, tests = MODULES[name]
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    if rev:
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive, check=True)
    else:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
        for rel in filter(None, listed):
            src = ROOT / rel
            if src.is_file():
                dst = workdir / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
    pyproject = workdir / "pyproject.toml"
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", pyproject.read_text(encoding="utf-8"))
    pyproject.write_text(text.rstrip("\n") + "\n\n" + _mutmut_block(files, tests), encoding="utf-8")


def listed() -> dict[str, dict[str, str]]:
    """Section ("equivalent" or "accepted") -> mutant name -> reason, from the
    `- `name`: reason` lines under the equivalents file's `## ...` headings."""
    found: dict[str, dict[str, str]] = {"equivalent": {}, "accepted": {}}
    section = None
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            title = line[3:].lower()
            section = "equivalent" if title.startswith("equivalent") else "accepted" if title.startswith("accepted") else None
            continue
        m = re.match(r"^- `([^`]+)`\s*[:—-]\s*(.+)$", line)
        if m and section:
            found[section][m.group(1)] = m.group(2).strip()
    return found


def results(workdir: Path, mutmut: str) -> dict[str, str]:
    """Mutant name -> mutmut status, for every generated mutant (or only the
    sample, when the run was sampled)."""
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=workdir,
                         capture_output=True, text=True, check=True).stdout
    statuses = dict(re.findall(r"^\s+(\S+): (.+)$", out, flags=re.M))
    chosen = sampled(workdir)
    return {k: v for k, v in statuses.items() if k in chosen} if chosen is not None else statuses


def sampled(workdir: Path) -> set[str] | None:
    path = workdir / SAMPLE_FILE
    return set(path.read_text(encoding="utf-8").split()) if path.exists() else None


def draw_sample(workdir: Path, mutmut: str, size: int, seed: int = SEED) -> list[str]:
    """A fixed-seed random sample of `size` mutants out of all generated ones
    (sorted first, so the draw does not depend on mutmut's listing order)."""
    (workdir / SAMPLE_FILE).unlink(missing_ok=True)
    names = sorted(results(workdir, mutmut))
    chosen = sorted(random.Random(seed).sample(names, min(size, len(names))))
    (workdir / SAMPLE_FILE).write_text("\n".join(chosen) + "\n", encoding="utf-8")
    (workdir / "generated.txt").write_text(f"{len(names)} mutants (seed {seed})\n", encoding="utf-8")
    return chosen


def wilson(killed: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion (sound for small n and rates near 1)."""
    if n == 0:
        return 0.0, 1.0
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def report(name: str, workdir: Path, mutmut: str) -> int:
    statuses = results(workdir, mutmut)
    if not statuses:
        print(f"{name}: no mutants found (did the run fail? see {workdir})")
        return 1
    # an interrupted run: count what was tested, say how much was not
    unchecked = [k for k, s in statuses.items() if s == "not checked"]
    statuses = {k: s for k, s in statuses.items() if s != "not checked"}
    if unchecked:
        print(f"== {name}: {len(unchecked)} mutants not run yet (interrupted run); the figures below count the "
              f"{len(statuses)} that were")
    lists = listed()
    known, accepted = lists["equivalent"], lists["accepted"]
    # a mutant that crashes the test process (segfault) or hangs it (timeout: 15 times the
    # tests' usual time) is caught as surely as a failing assert
    caught = CAUGHT
    killed = sum(1 for s in statuses.values() if s in caught)
    equivalent = [k for k, s in statuses.items() if s not in caught and k in known]
    alive = {k: s for k, s in statuses.items() if s not in caught and k not in known}
    total = len(statuses) - len(equivalent)
    rate = 100.0 * killed / total if total else 100.0
    chosen = sampled(workdir)
    if chosen is not None:
        generated = (workdir / "generated.txt").read_text(encoding="utf-8").strip()
        low, high = wilson(killed, total)
        print(f"== {name}: SAMPLE of {len(statuses)} out of {generated}: {killed} killed "
              f"(incl. crashes, timeouts), {len(equivalent)} equivalent (listed), {len(alive)} not killed -> "
              f"kill rate {rate:.1f}% (95% CI {100 * low:.1f}-{100 * high:.1f}%, n={total})")
    else:
        print(f"== {name}: {len(statuses)} mutants, {killed} killed (incl. crashes, timeouts), {len(equivalent)} equivalent "
              f"(listed), {len(alive)} not killed -> kill rate {rate:.1f}% "
              f"(raw {100.0 * killed / len(statuses):.1f}%)")
    for key, status in sorted(alive.items()):
        diff = subprocess.run([mutmut, "show", key], cwd=workdir, capture_output=True, text=True).stdout
        changed = [line for line in diff.splitlines()
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        print(f"  {status:10} {key}" + ("   [accepted: see mutation-equivalents.md]" if key in accepted else ""))
        for line in changed:
            print(f"      {line.strip()[:150]}")
    return 0


def alive(workdir: Path, mutmut: str) -> list[str]:
    """Mutants of the last run in workdir not caught and not listed as equivalent or accepted."""
    lists = listed()
    return [k for k, s in results(workdir, mutmut).items()
            if s not in CAUGHT and k not in lists["equivalent"] and k not in lists["accepted"]]


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "modules":
        print(" ".join(DEFAULT if argv[1] == "default" else MODULES))
        return 0
    if len(argv) in (3, 4) and argv[0] == "prepare" and argv[1] in MODULES:
        prepare(argv[1], Path(argv[2]), argv[3] if len(argv) == 4 else None)
        return 0
    if len(argv) == 4 and argv[0] == "sample":
        print("\n".join(draw_sample(Path(argv[2]), argv[3], int(argv[1]), int(os.environ.get("MUTATION_SEED", SEED)))))
        return 0
    if len(argv) == 3 and argv[0] == "alive":
        print("\n".join(alive(Path(argv[1]), argv[2])))
        return 0
    if len(argv) == 4 and argv[0] == "report" and argv[1] in MODULES:
        return report(argv[1], Path(argv[2]), argv[3])
    print("usage: mutation_report.py prepare NAME DIR [REV] | alive DIR MUTMUT | sample N DIR MUTMUT | report NAME DIR MUTMUT | modules default|all\n"
          f"modules: {', '.join(MODULES)}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
