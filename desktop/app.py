"""Entry point of `glossator-desktop`: parses options, creates the
QApplication and the main window, opens the store (and document), and for
`--screenshot` saves a PNG of the window and exits.

Fast start: nothing here or in the window imports spaCy; the window paints the
last document first, and the tokenizer (for snapping selections) loads in a
worker once the event loop runs (see `tests/benchmarks/desktop_bench.py`)."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="glossator-desktop", description="Annotate news articles.")
    parser.add_argument("--store", help="store file or PostgreSQL URL (default: GLOSSATOR_STORE or the user data dir)")
    parser.add_argument("--document", type=int, help="document id to open")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the window and exit")
    parser.add_argument("--settings", type=Path, help="INI file for window settings (default: per-user settings)")
    return parser.parse_args(argv)


def build_window(args: argparse.Namespace):
    """The main window with the store (and document) of `args` opened; QApplication must exist."""
    from .controllers.stores import startup_location
    from .main_window import MainWindow
    from .settings import make_settings

    settings = make_settings(str(args.settings) if args.settings else None)
    window = MainWindow(settings)
    if not args.screenshot:
        window.restore_settings()
    store, create = startup_location(args.store, settings, bool(args.screenshot))
    if window.open_store(store, create=create):
        document = args.document
        if document is None:
            last_doc = settings.value("lastDocument")
            ids = window.documents.model.ids()
            document = int(last_doc) if last_doc is not None and int(last_doc) in ids else (ids[0] if ids else None)
        if document is not None:
            window.open_document(document)
    return window


def take_screenshot(window, out: Path) -> None:
    """Show the document with a span selected (one with relations if any, so the span panel
    shows them) and save the window."""
    from PySide6.QtWidgets import QApplication

    ids = window.ws.index.ids()
    related = [r.head_id for r in window.ws.relations.values()]
    if ids:
        window.ws.select(related[0] if related else ids[min(3, len(ids) - 1)])
    for _ in range(3):
        QApplication.processEvents()
    window.grab().save(str(out))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from PySide6.QtWidgets import QApplication

    from .icons import app_icon
    from .settings import APPLICATION, ORGANISATION

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(app_icon())
    window = build_window(args)
    window.show()
    if args.screenshot:
        take_screenshot(window, args.screenshot)
        ok = args.screenshot.exists()
        print(f"saved {args.screenshot}" if ok else f"error: could not write {args.screenshot}",
              file=sys.stdout if ok else sys.stderr)
        window.close()
        return 0 if ok else 1
    from PySide6.QtCore import Qt

    # spaCy loads once the article has painted (queued: the paint finishes first)
    window.article.first_painted.connect(window.annotating.preload_tokenizer, Qt.ConnectionType.QueuedConnection)
    return app.exec()
