"""Render the desktop screenshots of desktop/README.md offscreen: the sample gold
articles in a fresh store, relation arcs on, a flagged span, the Flagged dock, in
the light and the dark theme, and (in a child process with QT_SCALE_FACTOR=2)
the light theme at 200 %. Usage: python scripts/desktop_screenshots.py [OUT_DIR]"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_store(path: Path) -> int:
    from annotations.formats import get_format
    from annotations.formats.base import ImportNotes
    from annotations.services import import_records
    from annotations.services.flags import add_flag
    from annotations.store import Store

    with Store.create(path) as store:
        records = list(get_format("jsonl").read(ROOT / "resources/samples/gold.jsonl", store.schema, ImportNotes()))
        for r in records:
            r.status = "in-progress"
        doc = import_records(store, records[:3]).document_ids[0]
        from annotations import services
        spans = services.get_spans(store, doc)
        actor = next(s for s in spans if s.label == "ACTOR")
        add_flag(store, doc, "unsure", "Is a spokesperson the source, or the Commission?", span_id=actor.id)
        add_flag(store, doc, "guideline question", "Headline figures: mark them?")
        return doc


def shoot(out_dir: Path, themes: list[str], suffix: str = "") -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "shots.sqlite"
        doc = build_store(store)
        for name in themes:
            settings = make_settings(str(Path(tmp) / f"{name}.ini"))
            settings.setValue("view/theme", name)
            settings.setValue("view/relationArcs", True)
            window = MainWindow(settings)
            window.resize(1400, 860)
            window.show()
            window.open_store(store)
            window.open_document(doc)
            window.show_flags()
            spans = [s for s in window.ws.spans.values() if s.label == "ACTOR"]
            window.ws.select(spans[0].id)
            window.article.setFocus()
            for _ in range(5):
                app.processEvents()
            target = out_dir / f"desktop-{name}{suffix}.png"
            window.grab().save(str(target))
            print(f"saved {target} ({window.grab().width()}x{window.grab().height()} device pixels)")
            window.ws.close()
            window.close()


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else ROOT / "desktop/screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)
    if "--child" in sys.argv:
        shoot(out_dir, ["light"], "-200")
        return
    shoot(out_dir, ["light", "dark"])
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, __file__, str(out_dir), "--child"], env=env, check=True)


if __name__ == "__main__":
    main()
