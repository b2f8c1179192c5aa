"""scripts/quality_report.py scores any gold file or folder (the lead runs it on a new blind set)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "quality_report.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT)


def test_a_gold_folder_is_scored_row_by_row(tmp_path):
    blind = tmp_path / "blind2"
    blind.mkdir()
    lines = (ROOT / "resources/samples/test/gold.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    (blind / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--gold", str(blind), "--suggester", "rules")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| blind2 |")]
    assert len(rows) == 1 and rows[0].count("(P ") == 3  # ACTOR, FIGURE, ASSERTION with P and R


def test_a_missing_gold_path_is_one_clear_line(tmp_path):
    result = run("--gold", str(tmp_path / "nowhere"), "--suggester", "rules")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == f"{tmp_path / 'nowhere'}: no such gold file or folder"
    assert "Traceback" not in result.stderr
