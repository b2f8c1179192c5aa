"""The demo store: the bundled sample articles, imported and run through the
default suggester, so a new user sees a realistic workspace at once; five of
them also carry two annotators' layers (`ana`: the sample gold, `ben`: the
second layer of resources/samples/second_layer.jsonl, with honest
disagreements), so agreement, curation and adjudication have something to
show."""
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
    add_demo_layers(store)
    return store, outcome.result.count


def add_demo_layers(store: Store) -> None:
    """Layers `ana` and `ben` on the five articles the second layer covers (one transaction each)."""
    from .agreement import add_layer
    from .errors import GlossatorError
    from .formats import get_format
    from .formats.base import ImportNotes

    samples = Path(str(resources.files("resources") / "samples"))
    if not (samples / "second_layer.jsonl").is_file():
        return
    jsonl = get_format("jsonl")
    try:
        second = list(jsonl.read(samples / "second_layer.jsonl", store.schema, ImportNotes()))
        texts = {r.text for r in second}
        gold = [r for r in jsonl.read(samples / "gold.jsonl", store.schema, ImportNotes()) if r.text in texts]
        add_layer(store, gold, "ana", by="ana")
        add_layer(store, second, "ben", by="ben")
    except GlossatorError as exc:  # sample files that no longer match the articles: the demo works without
        log.warning("demo store without the two annotators' layers: %s", exc)


def suggest_demo(store: Store, document_ids: list[int]) -> None:
    """Run the default suggester over the demo documents (once suggesters exist)."""
    try:
        from .services.suggestions import run_suggester
    except ImportError:
        log.info("no suggesters available; demo store has no suggestions")
        return
    run_suggester(store, "rules", document_ids)
