"""The core never imports Qt: importing it (and running the CLI's help) in a
fresh interpreter leaves PySide6 and the desktop package unloaded. The core
has no import cycles, and its services reach the database only through
SQLAlchemy."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import sys
import annotations, annotations.cli, annotations.services, annotations.formats, annotations.suggesters
from annotations.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "desktop"))
print("LOADED:" + ",".join(bad))
"""


def test_core_never_imports_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout
    assert "LOADED:" in out
    assert out.strip().endswith("LOADED:"), out


def test_import_linter_contract_holds():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename="pyproject.toml") == 0


def test_annotations_has_no_import_cycles():
    """`python scripts/import_cycles.py` lists cycles in annotations and desktop; the core has none."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from import_cycles import find_cycles

    assert find_cycles("annotations") == []


def test_the_cycle_finder_sees_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "loopy"
    package.mkdir()
    (package / "__init__.py").write_text("from . import a\n")
    (package / "a.py").write_text("def f():\n    from . import b\n")
    (package / "b.py").write_text("from .a import f\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.path.insert(0, str(ROOT / "scripts"))
    from import_cycles import find_cycles

    assert find_cycles("loopy") == [["loopy.a", "loopy.b", "loopy.a"]]


def test_services_never_touch_sqlite3_or_compute_ids():
    """Services go through SQLAlchemy (sessions, Core inserts): no sqlite3, no raw
    DBAPI connection, no MAX(id)+1, no hand-written INSERT column lists."""
    for path in sorted((ROOT / "annotations" / "services").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("import sqlite3", "driver_connection", "write_transaction", "MAX(id)", "INSERT INTO"):
            assert needle not in text, f"{path.name} uses {needle}"
