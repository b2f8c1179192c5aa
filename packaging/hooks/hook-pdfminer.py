"""Replaces the contrib hook for pdfminer.six, which freezes its CMap tables (about
8 MB, for CJK fonts with predefined encodings). Glossator reads the text layer of
news reports; PDFs that need those tables fail with one line ("not a readable PDF")
in the bundle and import with the pip-installed Glossator. Keeps the bundle within
its size goal."""
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("pdfminer")
datas = []
