"""The core never imports Qt: importing it (and running the CLI's help) in a
fresh interpreter leaves PySide6 and the desktop package unloaded."""
import subprocess
import sys

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
