"""The desktop package's structure: no import circles between its modules, no
action or controller naming a label or relation of a schema, and nothing on the
way to the first paint imports spaCy (fast start)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp

import desktop
from annotations.schema import default_schema

DESKTOP = Path(desktop.__file__).parent


def desktop_cycles() -> list[tuple[str, str]]:
    """Pairs of desktop modules that import each other, directly or through others
    (TYPE_CHECKING imports included). Run by hand: python -m tests.desktop.test_structure"""
    graph = grimp.build_graph("desktop")
    found = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                found.add(tuple(sorted((module, imported))))
    return sorted(found)


def test_no_import_circles_in_desktop():
    assert desktop_cycles() == []


def test_no_desktop_module_names_a_schema_label_or_relation():
    schema = default_schema()
    names = {lab.name for lab in schema.labels} | {rel.name for rel in schema.relations}
    pattern = re.compile(r"""["'](%s)["']""" % "|".join(map(re.escape, sorted(names))))
    hits = [f"{path.relative_to(DESKTOP)}:{n}: {line.strip()}"
            for path in DESKTOP.rglob("*.py")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert hits == []


def test_window_modules_do_not_import_spacy():
    code = ("import sys; import desktop.app, desktop.main_window; "
            "print(sorted(m for m in ('spacy', 'thinc', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"




CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop import app as desktop_app
from desktop.widgets import article_view

app = QApplication(sys.argv[:1])
state = {"painted": False, "painted when spaCy was imported": None}
paint = article_view.ArticleView.paintEvent

def painting(view, event):
    paint(view, event)
    state["painted"] = state["painted"] or bool(view.toPlainText())

article_view.ArticleView.paintEvent = painting

class SpacyWatch:
    def find_spec(self, name, path=None, target=None):
        if name == "spacy" and state["painted when spaCy was imported"] is None:
            state["painted when spaCy was imported"] = state["painted"]
        return None

sys.meta_path.insert(0, SpacyWatch())

def watch():
    window = next((w for w in app.topLevelWidgets() if hasattr(w, "annotating")), None)
    if window is not None and window.annotating.tokenizer_ready:
        print(state, "ready:", window.annotating.tokenizer_ready)
        sys.stdout.flush()
        app.quit()

timer = QTimer()
timer.timeout.connect(watch)
timer.start(10)
QTimer.singleShot(60000, app.quit)
desktop_app.main(sys.argv[1:])
"""


def test_the_tokenizer_loads_in_the_background_after_the_first_paint(tmp_path, store, store_path, doc_id):
    """Fast start: `glossator-desktop` paints the document first, then loads spaCy in a worker."""
    args = ["--store", str(store_path), "--document", str(doc_id), "--settings", str(tmp_path / "s.ini")]
    out = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=120)
    assert "'painted when spaCy was imported': True} ready: en" in out.stdout, (out.stdout, out.stderr[-2000:])


if __name__ == "__main__":
    print("\n".join(" ⇄ ".join(pair) for pair in desktop_cycles()) or "no import circles in desktop")
