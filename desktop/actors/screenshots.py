"""Screenshots of the registry panel and the who-said-what view for the README,
rendered offscreen from the bundled samples (the annotated sample articles,
`actors seed states`, links suggested from aliases, a few accepted, one actor
added by hand). Run: QT_QPA_PLATFORM=offscreen python -m desktop.actors.screenshots OUT_DIR
"""
from __future__ import annotations

import sys
import tempfile
from importlib import resources
from pathlib import Path


def build_store(path: Path):
    from annotations.actors import decisions, linking, registry
    from annotations.services import import_files
    from annotations.store import Store

    store = Store.create(path)
    gold = Path(str(resources.files("resources") / "samples" / "gold.jsonl"))
    import_files(store, [gold], annotator="demo")
    registry.seed_states(store)
    result = linking.suggest_links(store)
    for span_id, actor_id in result.linked[::2]:
        decisions.set_link(store, span_id, actor_id)  # half accepted, half left pending
    registry.add_actor(store, "Lena Hartmann", "person", aliases=["Hartmann"],
                       external_ids={"wikidata": "Q000000"}, notes="European Commission spokesperson")
    linking.suggest_links(store)
    return store


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop.actors.install import show_registry, show_sources
    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        build_store(Path(tmp) / "demo.sqlite").close()
        window = MainWindow(make_settings(str(Path(tmp) / "settings.ini")))
        window.resize(1500, 900)
        window.show()
        window.open_store(Path(tmp) / "demo.sqlite")
        window.open_document(1)
        panel = show_registry(window)
        panel.search.setText("")
        span = next((sid for sid, (aid, _st) in window.actors.links.items() if aid == "iso3166:ID"), None)
        if span is not None:
            window.ws.select(span)
        panel.select_actor("iso3166:ID")
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / "actor-registry.png"))
        window.registry_dock.hide()
        sources = show_sources(window)
        window.resizeDocks([window.sources_dock], [420], Qt.Orientation.Vertical)
        sources.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / "who-said-what.png"))
        window.ws.close()
    print(f"saved {out / 'actor-registry.png'} and {out / 'who-said-what.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
