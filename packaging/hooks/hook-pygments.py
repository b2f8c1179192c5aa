"""Replaces PyInstaller's pygments hook, which freezes every lexer (1.5 MB of the archive).
Pygments is only reached through rich (typer's help and tracebacks), which highlights
Python: keep the formatters, the styles and the Python lexer."""
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("pygments.formatters") + collect_submodules("pygments.styles") + [
    "pygments.lexers._mapping", "pygments.lexers.python", "pygments.lexers.special",
]
