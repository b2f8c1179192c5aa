"""Linking measured on the sample articles: import resources/samples/gold.jsonl into a
store, `actors seed states` (and, with --registry, `actors import` of an analyst's registry
of the samples' people, organisations and groups: resources/samples/actors.jsonl), suggest
links, and compare with tests/actors/gold_links.tsv.

    python tests/actors/link_figures.py [--registry]

For each kind of actor (the gold actor's kind) and in all: precision = correct links /
links made; coverage = correct links / ACTOR spans that name an actor in the registry.
A link on a span whose text names no registry actor is wrong. Also run by
tests/actors/test_link_figures.py.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotations.actors import files, linking, registry  # noqa: E402
from annotations.services import document_ids, get_document, get_spans, import_files  # noqa: E402
from annotations.store import Store  # noqa: E402

GOLD = ROOT / "resources" / "samples" / "gold.jsonl"
REGISTRY = ROOT / "resources" / "samples" / "actors.jsonl"
LINKS = Path(__file__).with_name("gold_links.tsv")
GROUPS = {"state": "states", "person": "people", "organization": "organisations and groups",
          "group": "organisations and groups"}


def expected() -> dict[str, str]:
    lines = LINKS.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def _rates(c: Counter) -> dict[str, float | int]:
    return {**c, "precision": c["correct"] / c["links"] if c["links"] else 0.0,
            "coverage": c["correct"] / c["with_registry_actor"] if c["with_registry_actor"] else 0.0}


def figures(store: Store, registry_file: Path | None = None) -> dict:
    """The measures in all (top-level keys) and per group of kinds (`by_kind`)."""
    registry.seed_states(store)
    if registry_file is not None:
        files.import_actors(store, registry_file)
    kinds = {a.id: a.kind for a in registry.list_actors(store)}
    result = linking.suggest_links(store)
    made = dict(result.linked)
    gold = expected()
    total, by_kind = Counter(), {}
    for doc_id in document_ids(store):
        text = get_document(store, doc_id).text
        for span in get_spans(store, doc_id):
            if span.label != "ACTOR":
                continue
            want = gold.get(text[span.start:span.end])
            want = want if want in kinds else None
            got = made.get(span.id)
            group = GROUPS[kinds[want or got]] if (want or got) else None
            counts = [total] + ([by_kind.setdefault(group, Counter())] if group else [])
            for c in counts:
                c["with_registry_actor"] += want is not None
                c["links"] += got is not None
                c["correct"] += want is not None and got == want
            total["actor_spans"] += 1
    return {**_rates(total), "choices": len(result.choices),
            "by_kind": {group: _rates(c) for group, c in sorted(by_kind.items())}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--registry", action="store_true", help=f"also import {REGISTRY.relative_to(ROOT)}")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "gold.sqlite")
        import_files(store, [GOLD])
        f = figures(store, REGISTRY if args.registry else None)
        store.close()
    print(f"{f['actor_spans']} ACTOR spans, {f['with_registry_actor']} name a registry actor; "
          f"{f['links']} linked automatically, {f['correct']} correctly, {f['choices']} offered as a choice")
    print(f"all: precision {f['precision']:.2f}, coverage {f['coverage']:.2f}")
    for group, g in f["by_kind"].items():
        print(f"{group}: {g['with_registry_actor']} spans name a registry actor, {g['links']} linked, "
              f"{g['correct']} correctly: precision {g['precision']:.2f}, coverage {g['coverage']:.2f}")


if __name__ == "__main__":
    main()
