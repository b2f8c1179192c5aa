"""Linking measured on the sample articles: import resources/samples/gold.jsonl into a
store, `actors seed states`, suggest links, and compare with tests/actors/gold_links.tsv.

    python tests/actors/link_figures.py

precision = correct links / links made; coverage = correct links / ACTOR spans that
name a registry actor. Also run by tests/actors/test_link_figures.py.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotations.actors import linking, registry  # noqa: E402
from annotations.services import get_document, get_spans, import_files  # noqa: E402
from annotations.store import Store  # noqa: E402

GOLD = ROOT / "resources" / "samples" / "gold.jsonl"
LINKS = Path(__file__).with_name("gold_links.tsv")


def expected() -> dict[str, str]:
    lines = LINKS.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def figures(store: Store) -> dict[str, float | int]:
    registry.seed_states(store)
    result = linking.suggest_links(store)
    made = dict(result.linked)
    gold = expected()
    spans = total = correct = 0
    for doc_id in sorted({d for d in _doc_ids(store)}):
        text = get_document(store, doc_id).text
        for span in get_spans(store, doc_id):
            if span.label != "ACTOR":
                continue
            spans += 1
            want = gold.get(text[span.start:span.end])
            total += want is not None
            correct += want is not None and made.get(span.id) == want
    links = len(made)
    return {"actor_spans": spans, "with_registry_actor": total, "links": links, "correct": correct,
            "choices": len(result.choices), "precision": correct / links if links else 0.0,
            "coverage": correct / total if total else 0.0}


def _doc_ids(store: Store) -> list[int]:
    from annotations.services import document_ids
    return document_ids(store)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "gold.sqlite")
        import_files(store, [GOLD])
        f = figures(store)
        store.close()
    print(f"{f['actor_spans']} ACTOR spans, {f['with_registry_actor']} name a registry actor; "
          f"{f['links']} linked automatically, {f['correct']} correctly, {f['choices']} offered as a choice")
    print(f"precision {f['precision']:.2f}, coverage {f['coverage']:.2f}")


if __name__ == "__main__":
    main()
