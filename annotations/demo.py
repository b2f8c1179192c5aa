"""The demo store: the bundled sample articles, imported and run through the
default suggester, so a new user sees a realistic workspace at once."""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from .services import count_documents, import_files
from .store import Store

log = logging.getLogger(__name__)


def sample_articles() -> list[Path]:
    folder = resources.files("resources") / "samples" / "articles"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt")) if folder.is_dir() else []


def build_demo_store(path: Path) -> tuple[Store, int]:
    """Open (creating if needed) a store holding the sample articles; returns (store, documents added)."""
    store = Store.open(path, create=True)
    if count_documents(store):
        return store, 0
    articles = sample_articles()
    if not articles:
        return store, 0
    outcome = import_files(store, articles, annotator="demo")
    suggest_demo(store, outcome.result.document_ids)
    return store, outcome.result.count


def suggest_demo(store: Store, document_ids: list[int]) -> None:
    """Run the default suggester over the demo documents (once suggesters exist)."""
    try:
        from .services.suggestions import run_suggester
    except ImportError:
        log.info("no suggesters available; demo store has no suggestions")
        return
    run_suggester(store, "rules", document_ids)
