"""Shared pieces of the PostgreSQL benchmarks: a fresh database on the test
server for each measurement (GLOSSATOR_TEST_POSTGRES, as the tests use), and
the median of repeated ratios."""
from __future__ import annotations

import os
import statistics
import sys
import uuid
from contextlib import contextmanager
from typing import Callable, Iterator

import psycopg


def server_url() -> str:
    url = os.environ.get("GLOSSATOR_TEST_POSTGRES")
    if not url:
        sys.exit("set GLOSSATOR_TEST_POSTGRES (source /work/pg.env, or run scripts/postgres.sh) to a throwaway server")
    return url


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """The URL of a new empty database, dropped afterwards."""
    name = f"glossator_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = server.partition("?")
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def median_ratio(measure: Callable[[], tuple[float, float]], runs: int) -> tuple[float, float, float, list[float]]:
    """Run `measure` (→ value, baseline) `runs` times: median value, median baseline, median ratio, all ratios."""
    values, baselines, ratios = [], [], []
    for _ in range(runs):
        value, baseline = measure()
        values.append(value)
        baselines.append(baseline)
        ratios.append(value / baseline)
    return statistics.median(values), statistics.median(baselines), statistics.median(ratios), ratios


def line(name: str, value: float, baseline: float, ratio: float, goal: float | None, ratios: list[float]) -> str:
    verdict = "" if goal is None else ("  ok" if ratio <= goal else "  OVER GOAL")
    runs = ", ".join(f"{r:.2f}" for r in ratios)
    goal_text = "" if goal is None else f" (goal <= {goal}x)"
    return (f"{name}: {value * 1000:.1f} ms vs {baseline * 1000:.1f} ms baseline = {ratio:.2f}x{goal_text}"
            f"{verdict}  [runs: {runs}]")
