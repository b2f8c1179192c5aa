"""Start-up figures of the command line: `glossator docs --json` on the big
store (10,000 documents) against a plain script that imports sqlmodel, runs
the same listing query on the same file and prints the same rows as JSON.
Wall time of whole processes, median of 5 runs each, interleaved."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from annotations.services.documents import _PUBLISHED, _SUMMARY_SQL

from tests.benchmarks.store_figures import CLI, Figure

# The baseline: what `docs --json` does, written the plainest way with sqlmodel.
PLAIN_LISTING = """
import json, sys
from sqlalchemy import text
from sqlmodel import Session, create_engine
engine = create_engine("sqlite:///" + sys.argv[1])
with Session(engine) as session:
    rows = session.connection().execute(text(sys.argv[2])).all()
json.dump([{"id": r[0], "title": r[1], "source": r[2], "status": r[3], "spans": int(r[6]),
            "pending": int(r[7]), "length": r[4]} for r in rows], sys.stdout, ensure_ascii=False)
sys.stdout.write("\\n")
"""


def wall_time(argv: list[str]) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    done = subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, done.stdout


def docs_figure(store_path: Path, runs: int = 5) -> Figure:
    cli = [*CLI, "--store", str(store_path), "docs", "--json"]
    plain = [sys.executable, "-c", PLAIN_LISTING, str(store_path), _SUMMARY_SQL.format(status="d.status", join="", where="", limit="", published=_PUBLISHED["sqlite"])]
    ours, theirs = [], []
    for _ in range(runs):
        t, out_cli = wall_time(cli)
        ours.append(t)
        t, out_plain = wall_time(plain)
        theirs.append(t)
    if out_cli != out_plain:
        raise AssertionError("docs --json and the plain script print different rows")
    n = out_cli.count(b'"id":')
    return Figure(f"glossator docs --json, {n:,} docs, process wall time (vs plain sqlmodel script)",
                  statistics.median(ours), statistics.median(theirs), 1.5, note="median of 5")
