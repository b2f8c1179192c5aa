"""A small corpus for the desktop actor tests: states seeded, two documents with
ACTOR spans (some linked), ASSERTIONs with and without a SOURCE."""
from __future__ import annotations

from dataclasses import dataclass

from annotations.actors import decisions, registry
from annotations.services import add_relation, add_span, import_records
from annotations.types import DocumentRecord

ONE = ("Moscow said the talks had failed. Russia will reply soon, officials said. "
       "Kenya welcomed the deal. Prices rose, the report said. Markets in Moscow fell.\n")
TWO = "Officials in Moscow denied it. Russia and Kenya met again.\n"


@dataclass
class Corpus:
    docs: list[int]
    spans: dict[str, int]  # "doc:text" -> span id


def build(store) -> Corpus:
    registry.seed_states(store)
    docs = import_records(store, [DocumentRecord(text=ONE, title="Talks fail"),
                                  DocumentRecord(text=TWO, title="Moscow denies")]).document_ids
    spans: dict[str, int] = {}

    def span(doc: int, text: str, needle: str, label: str, **attrs) -> int:
        start = text.index(needle)
        sid = add_span(store, doc, start, start + len(needle), label, attrs).span_id
        spans[f"{docs.index(doc) + 1}:{needle}"] = sid
        return sid

    moscow = span(docs[0], ONE, "Moscow", "ACTOR", kind="state")
    span(docs[0], ONE, "Russia", "ACTOR", kind="state")
    kenya = span(docs[0], ONE, "Kenya", "ACTOR", kind="state")
    said = span(docs[0], ONE, "Moscow said the talks had failed.", "ASSERTION", stance="states")
    welcomed = span(docs[0], ONE, "Kenya welcomed the deal.", "ASSERTION", stance="suggests")
    span(docs[0], ONE, "Prices rose, the report said.", "ASSERTION", stance="states")
    denied = span(docs[1], TWO, "Officials in Moscow denied it.", "ASSERTION", stance="denies")
    moscow2 = span(docs[1], TWO, "Moscow", "ACTOR", kind="state")
    add_relation(store, said, moscow, "SOURCE")
    add_relation(store, welcomed, kenya, "SOURCE")
    add_relation(store, denied, moscow2, "SOURCE")
    decisions.set_link(store, moscow, "iso3166:RU")
    decisions.set_link(store, moscow2, "iso3166:RU")
    decisions.set_link(store, kenya, "iso3166:KE")
    return Corpus(docs, spans)
