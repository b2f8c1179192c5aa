"""pytest plugin loaded only by scripts/mutation.sh (`-p mutation_plugin`).

mutmut forks one process per mutant from a parent that already ran the tests,
and runs for each mutant only the tests that called the mutated function while
it collected its stats. Two things the product caches would fool both steps:

- functools caches (the rules pipeline, the word lists, the blank tokenizer)
  built by unmutated code in the parent: a mutant in a builder would never
  run. Every cache of the `annotations` package is cleared at the start of each
  mutant's session.
- a module-scoped fixture (one suggester for a whole test file) calls the
  builders during the file's first test only, so mutmut would credit that test
  alone. While stats are collected, caches are cleared before each test and each
  test is credited with every function an earlier test of its file called.
  (This reads mutmut's stats state: mutmut is pinned in scripts/mutation.sh.)

A test that runs the CLI in a child Python (the privacy and crash tests) would
import the worktree's unmutated package through the editable install; while a
mutant is under test the child is pointed at the mutated copy instead, so it
runs the same mutant (mutmut's MUTANT_UNDER_TEST is inherited).
"""
from __future__ import annotations

import os
import sys
from collections import defaultdict

import pytest

_file_hits: dict[str, set[str]] = defaultdict(set)


def _collecting_stats() -> bool:
    return os.environ.get("MUTANT_UNDER_TEST") == "stats"


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "annotations" or name.startswith("annotations.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


_NOT_A_MUTANT = ("", "stats", "fail", "list_all_tests", "mutant_generation")


def pytest_sessionstart(session) -> None:
    _clear_caches()
    mutants = os.path.abspath("mutants")
    if os.environ.get("MUTANT_UNDER_TEST", "") not in _NOT_A_MUTANT and os.path.isdir(mutants):
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (mutants, os.environ.get("PYTHONPATH", "")) if p)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    if _collecting_stats():
        _clear_caches()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem) -> None:
    if not _collecting_stats():
        return
    from mutmut.state import state

    hits = state()._stats
    test_file = item.nodeid.split("::")[0]
    _file_hits[test_file] |= hits
    hits |= _file_hits[test_file]
